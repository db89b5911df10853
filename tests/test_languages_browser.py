"""A reader switches to the English edition in a real Chromium and comments there."""

import pytest
from wagtail.models import Site

from newsplugin.models import ArticleComment, ModerationSettings

from .builders import make_article, make_author, make_index, translate
from .test_comments_browser import type_into_form

# serialized_rollback: the live server needs committed data, and the tests after these
# still need the rows that migrations created (site, root page, groups).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_reader_switches_language_and_comments_on_the_english_article(
    live_server, page, screenshot, settings
):
    # The page cache on, as in production: both editions are cached apart.
    settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 300
    ModerationSettings.for_site(Site.objects.get(is_default_site=True))
    ModerationSettings.objects.update(flood_seconds=0)
    article = make_article(make_index(), "Jembatan Baru Dibuka", authors=[make_author("Sari")])
    english = translate(article, title="New Bridge Opens", slug="new-bridge-opens")

    page.goto(live_server.url + article.url)
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator(".np-comment-form h2").inner_text() == "Tinggalkan Balasan"

    switch = page.locator(".np-languages a[hreflang=en]")
    assert switch.inner_text() == "English"
    with page.expect_navigation():
        switch.click()
    assert page.url == live_server.url + english.url
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "New Bridge Opens"
    assert page.locator(".np-comment-form h2").inner_text() == "Leave a Reply"

    type_into_form(page, "Hannah", "hannah@example.com", "Good news for cyclists.")
    assert page.url.startswith(live_server.url + english.url)
    assert page.locator("html").get_attribute("lang") == "en"
    notice = page.locator(".np-comments__pending-notice")
    assert notice.inner_text() == "Your comment is awaiting moderation"
    screenshot("english-comment-pending")

    comment = ArticleComment.objects.get()
    assert comment.object_pk == str(english.pk)  # the English article's own thread

    # Back to Indonesian through the switcher: the comment is not on that thread.
    with page.expect_navigation():
        page.locator(".np-languages a[hreflang=id]").click()
    assert page.url == live_server.url + article.url
    assert "Good news for cyclists." not in page.content()
