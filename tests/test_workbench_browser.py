"""The moderator's workbench in a real Chromium: the keyboard, a phone, undo, and a
reader's report on a cached article page."""

import pytest

from newsplugin.models import ArticleComment, CommentReport

from .builders import make_article, make_comment, make_index
from .moderation_helpers import QUEUE_URL, make_moderator
from .test_moderation_browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def count(page, status):
    return page.locator(f"[data-status={status}] .np-queue__count").inner_text()


def statuses():
    return sorted(ArticleComment.objects.values_list("moderation_status", flat=True))


def test_keyboard_clears_twenty_pending_comments(live_server, page, screenshot, settings):
    settings.LANGUAGE_CODE = "en"
    article = make_article(make_index(), "Banjir Rob")
    comments = [
        make_comment(article, f"Komentar nomor {n}", approved=False, name=f"Pembaca {n}",
                     email=f"pembaca{n}@example.com")
        for n in range(20)
    ]
    make_moderator()
    log_in(page, live_server.url, "moderator")
    page.goto(live_server.url + QUEUE_URL)
    assert count(page, "pending") == "20"

    # The keys do nothing while the moderator types in a field (here the search box).
    page.focus("#id_q")
    page.keyboard.type("as")
    assert page.locator("#id_q").input_value() == "as"
    page.wait_for_load_state("networkidle")
    assert statuses() == ["pending"] * 20
    page.locator("#id_q").fill("")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("document.querySelectorAll('[data-np-comment]').length === 20")
    page.locator("#id_q").blur()

    page.keyboard.press("?")
    assert page.locator("[data-np-help]").is_visible()
    screenshot("workbench-keys")
    page.keyboard.press("?")
    assert not page.locator("[data-np-help]").is_visible()

    # Newest first; j moves down, k back up; the current row is marked.
    newest = comments[-1]
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert page.locator(".np-queue__row--current").get_attribute("data-np-comment") == str(
        newest.pk
    )
    expected = {}
    for n in range(20):
        key = "ars"[n % 3]
        current = page.locator(".np-queue__row--current").get_attribute("data-np-comment")
        expected[int(current)] = {"a": "approved", "r": "rejected", "s": "spam"}[key]
        page.keyboard.press(key)
        page.wait_for_function(
            f"document.querySelectorAll('[data-np-comment]').length === {19 - n}"
        )
    assert count(page, "pending") == "0"
    assert count(page, "approved") == "7"
    assert dict(ArticleComment.objects.values_list("pk", "moderation_status")) == expected
    # No page load happened: the status line says what the last key did.
    assert "comments changed: 1" in page.locator("[data-np-status]").inner_text()

    # u puts the last one back, in the list and in the database.
    last = max(expected, key=lambda pk: list(expected).index(pk))
    page.keyboard.press("u")
    page.wait_for_selector(f"[data-np-comment='{last}']")
    assert ArticleComment.objects.get(pk=last).moderation_status == "pending"
    assert count(page, "pending") == "1"
    # x ticks the current comment for a bulk action, and unticks it.
    page.keyboard.press("x")
    assert page.is_checked(f"#select-{last}")
    page.keyboard.press("x")
    assert not page.is_checked(f"#select-{last}")


def test_undo_link_after_a_bulk_decision(live_server, page, settings):
    settings.LANGUAGE_CODE = "en"
    article = make_article(make_index(), "Harga Cabai")
    held = [make_comment(article, f"Menunggu {n}", approved=False) for n in range(3)]
    make_moderator()
    log_in(page, live_server.url, "moderator")
    page.goto(live_server.url + QUEUE_URL)
    # No action is chosen for the moderator.
    assert page.locator("#np-queue-action").input_value() == ""
    page.check("[data-np-select-all]")
    assert page.locator("input[name=ids]:checked").count() == 3
    page.select_option("#np-queue-action", "reject")
    page.click("[data-np-bulk]")
    page.wait_for_function("document.querySelectorAll('[data-np-comment]').length === 0")
    assert statuses() == ["rejected"] * 3
    page.click("[data-np-status] [data-np-undo]")
    page.wait_for_function("document.querySelectorAll('[data-np-comment]').length === 3")
    assert statuses() == ["pending"] * 3
    assert "put back: 3" in page.locator("[data-np-status]").inner_text()
    assert {c.pk for c in held} == {
        int(pk) for pk in page.locator("[data-np-comment]").evaluate_all(
            "rows => rows.map(r => r.dataset.npComment)"
        )
    }


def test_undo_without_javascript(live_server, browser, settings):
    settings.LANGUAGE_CODE = "en"
    article = make_article(make_index(), "Tanpa Skrip")
    held = make_comment(article, "Menunggu", approved=False)
    make_moderator()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, "moderator")
    page.goto(live_server.url + QUEUE_URL)
    with page.expect_navigation():
        page.click(f"button[value='spam:{held.pk}']")
    assert statuses() == ["spam"]
    with page.expect_navigation():
        page.click("[data-np-status] [data-np-undo]")
    assert statuses() == ["pending"]
    assert "put back: 1" in page.content()
    context.close()


def test_a_phone_approves_rejects_and_bulk_marks_spam(live_server, browser, settings):
    settings.LANGUAGE_CODE = "en"
    article = make_article(make_index(), "Kereta Cepat")
    good = make_comment(article, "Komentar yang bagus sekali tentang kereta.", approved=False)
    bad = make_comment(article, "Komentar kasar", approved=False)
    spam = [make_comment(article, f"Promo murah {n} https://spam.example/{n}", approved=False,
                         email=f"promo{n}@spam.example") for n in range(3)]
    make_moderator()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    log_in(page, live_server.url, "moderator")
    page.goto(live_server.url + QUEUE_URL)
    # No horizontal scroll, and every card's decisions are on screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for comment in [good, bad, *spam]:
        box = page.locator(f"#queue-comment-{comment.pk} button[value='approve:{comment.pk}']")
        bounds = box.bounding_box()
        assert bounds and bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= 390
    page.screenshot(path=str(_artifact("workbench-phone")), full_page=True)

    page.tap(f"button[value='approve:{good.pk}']")
    page.wait_for_selector(f"#queue-comment-{good.pk}", state="detached")
    page.tap(f"button[value='reject:{bad.pk}']")
    page.wait_for_selector(f"#queue-comment-{bad.pk}", state="detached")
    for comment in spam:
        page.tap(f"#select-{comment.pk}")
    page.select_option("#np-queue-action", "spam")
    page.tap("[data-np-bulk]")
    page.wait_for_function("document.querySelectorAll('[data-np-comment]').length === 0")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert dict(ArticleComment.objects.values_list("pk", "moderation_status")) == {
        good.pk: "approved", bad.pk: "rejected", **{c.pk: "spam" for c in spam}
    }
    context.close()


def _artifact(name):
    from .conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def test_a_reader_reports_a_comment_on_a_cached_page(live_server, browser, settings):
    settings.LANGUAGE_CODE = "en"
    settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 300
    article = make_article(make_index(), "Pemilu Daerah")
    comment = make_comment(article, "Komentar yang menyesatkan.", name="Anon")
    first = browser.new_context().new_page()
    first.goto(live_server.url + article.url)  # now in the page cache
    reader = browser.new_context().new_page()
    response = reader.goto(live_server.url + article.url)
    assert "csrfmiddlewaretoken" not in response.text()
    reader.click(f"[data-np-report='{comment.pk}']")
    reader.check("[data-np-report-dialog] input[value=abuse]")
    reader.screenshot(path=str(_artifact("workbench-report")))
    reader.click("[data-np-report-dialog] button[type=submit]")
    reader.wait_for_function(
        "document.querySelector('[data-np-report-message]').textContent.length > 0"
    )
    assert "Thank you" in reader.locator("[data-np-report-message]").inner_text()
    report = CommentReport.objects.get()
    assert (report.comment_id, report.reason) == (comment.pk, "abuse")
    first.context.close()
    reader.context.close()


def test_a_reader_reports_without_javascript(live_server, browser, settings):
    settings.LANGUAGE_CODE = "en"
    article = make_article(make_index(), "Tanpa Skrip Juga")
    comment = make_comment(article, "Iklan terselubung.")
    context = browser.new_context(java_script_enabled=False)
    reader = context.new_page()
    reader.goto(live_server.url + article.url)
    with reader.expect_navigation():
        reader.click(f"[data-np-report='{comment.pk}']")
    reader.check("input[value=spam]")
    with reader.expect_navigation():
        reader.click(".np-report__form button[type=submit]")
    assert "Thank you" in reader.content()
    assert CommentReport.objects.get().reason == "spam"
    context.close()
