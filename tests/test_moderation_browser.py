"""A moderator clears the queue in a real Chromium; an editor finds no queue."""

import pytest

from newsplugin.models import ArticleComment

from .builders import make_article, make_comment, make_index, use_site_language
from .moderation_helpers import QUEUE_URL, make_editor, make_moderator

# serialized_rollback: the live server needs committed data, and the tests after these
# still need the rows that migrations created (site, root page, groups).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_moderator_approves_one_and_bulk_marks_spam(live_server, page, screenshot, settings):
    use_site_language(settings, "en")
    article = make_article(make_index(), "Jalan Baru Diresmikan")
    keep = make_comment(article, "Akhirnya jalan mulus.", approved=False, name="Sari")
    spam = [
        make_comment(article, f"Pinjaman cepat nomor {n}", approved=False, name="Promo",
                     email=f"promo{n}@spam.example")
        for n in range(3)
    ]
    make_moderator()
    log_in(page, live_server.url, "moderator")

    assert "Comments waiting for moderation: 4" in page.content()
    page.click(f"a[href='{QUEUE_URL}']")
    assert page.locator(".np-queue__tab--current .np-queue__count").inner_text() == "4"
    screenshot("moderation-queue")

    # The queue's script decides without a page load: the row leaves, the counts follow.
    page.click(f"#queue-comment-{keep.pk} button[value='approve:{keep.pk}']")
    page.wait_for_selector(f"#queue-comment-{keep.pk}", state="detached")
    assert page.locator(".np-queue__tab--current .np-queue__count").inner_text() == "3"

    for comment in spam:
        page.check(f"#select-{comment.pk}")
    page.select_option("#np-queue-action", "spam")
    page.click("[data-np-bulk]")
    page.wait_for_function("document.querySelectorAll('[data-np-comment]').length === 0")
    assert page.locator(".np-queue__tab--current .np-queue__count").inner_text() == "0"
    assert page.locator("[data-status=spam] .np-queue__count").inner_text() == "3"
    assert set(ArticleComment.objects.values_list("moderation_status", flat=True)) == {
        "approved", "spam"
    }

    reader = page.context.browser.new_context().new_page()
    reader.goto(live_server.url + article.url)
    assert reader.locator(".np-comment__text").inner_text() == "Akhirnya jalan mulus."
    assert "Pinjaman" not in reader.content()
    reader.context.close()


def test_editor_finds_no_queue(live_server, page):
    make_editor()
    log_in(page, live_server.url, "editor")
    assert page.locator(f"a[href='{QUEUE_URL}']").count() == 0
    assert "waiting for moderation" not in page.content()
    response = page.goto(live_server.url + QUEUE_URL)
    assert response.status == 403
