"""A reader replies in a real Chromium, with the keyboard only."""

import pytest
from wagtail.models import Site

from newsplugin.models import ArticleComment, ModerationSettings

from .builders import make_article, make_index, use_site_language

# serialized_rollback: the live server needs committed data, and the tests after these
# still need the rows that migrations created (site, root page, groups).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def type_into_form(page, name, email, comment):
    """Type and Tab through the form, as a keyboard-only reader would."""
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_name":
            break
    else:
        pytest.fail("the name field cannot be reached with Tab")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(email)
    page.keyboard.press("Tab")  # website: optional, left empty
    page.keyboard.press("Tab")
    page.keyboard.type(comment)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "notify_replies"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "notify_decision"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "remember"
    page.keyboard.press("Tab")  # the honeypot is skipped: straight to the button
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_reader_replies_and_sees_only_their_own_pending_comment(
    live_server, browser, page, screenshot, settings
):
    use_site_language(settings, "en")
    article = make_article(make_index(), "Jembatan Baru Dibuka")
    # Both readers post from 127.0.0.1: flood control would take them for one.
    ModerationSettings.for_site(Site.objects.get(is_default_site=True))
    ModerationSettings.objects.update(flood_seconds=0)
    url = live_server.url + article.url

    page.goto(url)
    type_into_form(page, "Sari", "sari@example.com", "Akhirnya dibuka juga.")
    notice = page.locator(".np-comments__pending-notice")
    assert notice.inner_text() == "Your comment is awaiting moderation"
    assert "Akhirnya dibuka juga." in page.locator(".np-comments__pending").inner_text()
    screenshot("comment-pending")

    stranger = browser.new_context()
    other = stranger.new_page()
    other.goto(url)
    assert "Akhirnya dibuka juga." not in other.content()
    assert other.locator(".np-comments__pending").count() == 0

    comment = ArticleComment.objects.get()
    comment.is_public = True
    comment.save()
    other.goto(url)
    assert other.locator(".np-comment__text").inner_text() == "Akhirnya dibuka juga."

    # A reply, through the Reply link, nested under its parent.
    other.click(".np-comment__reply")
    assert "Sari" in other.locator(".np-comment-form__replying").inner_text()
    type_into_form(other, "Budi", "budi@example.com", "Setuju, lalu lintas lancar.")
    assert other.locator(".np-comments__pending-notice").count() == 1
    ArticleComment.objects.filter(is_public=False).update(is_public=True)
    other.goto(url)
    nested = other.locator(f"#comment-{comment.pk} .np-comment__replies .np-comment__text")
    assert nested.inner_text() == "Setuju, lalu lintas lancar."
    stranger.close()
    screenshot("comment-thread")


def test_a_returning_reader_who_ticked_the_box_finds_the_form_filled_in(
    live_server, page, settings
):
    use_site_language(settings, "en")
    article = make_article(make_index(), "Pasar Malam Dibuka")
    url = live_server.url + article.url
    page.goto(url)
    page.fill("#id_name", "Sari")
    page.fill("#id_email", "sari@example.com")
    page.fill("#id_url", "https://sari.example")
    page.fill("#id_comment", "Ramai sekali.")
    page.check("#id_remember")
    with page.expect_navigation():
        page.click(".np-comment-form button[type=submit]")
    assert page.locator(".np-comments__pending-notice").count() == 1

    page.goto(url)
    # The page itself (which a shared cache may keep) carries nothing of her.
    assert page.input_value("#id_name") == ""
    assert "sari@example.com" not in page.content()
    page.focus("#id_comment")
    page.wait_for_function("document.getElementById('id_name').value === 'Sari'")
    assert page.input_value("#id_email") == "sari@example.com"
    assert page.input_value("#id_url") == "https://sari.example"
    assert page.is_checked("#id_remember")
    # HttpOnly: the page's scripts cannot read the cookie.
    assert "newsplugin_commenter" not in page.evaluate("document.cookie")
