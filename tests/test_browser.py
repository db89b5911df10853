"""A reader in a real browser (Debian's Chromium through Playwright)."""

import pytest
from django.core.management import call_command

from newsplugin.models import ArticlePage

# serialized_rollback: the live server needs committed data, and the tests after these
# still need the rows that migrations created (site, root page, groups).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_reader_sees_photo_and_caption_and_follows_more_from_author(live_server, page, screenshot):
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    article = ArticlePage.objects.live().exclude(pinned_links=[]).first()
    assert article is not None

    page.goto(live_server.url + article.url)
    assert page.locator("h1").inner_text() == article.title

    photo = page.locator(".np-article__lead img")
    photo.wait_for(state="visible")
    # The browser really decoded a picture (a broken image has no natural width).
    assert photo.evaluate("img => img.complete && img.naturalWidth") > 0
    assert photo.get_attribute("alt") == article.lead_image_alt
    caption = page.locator(".np-article__lead figcaption").inner_text()
    assert article.lead_image_caption in caption
    assert f"(Foto: {article.lead_image_credit})" in caption
    screenshot("article")

    more = page.locator("aside.np-more")
    assert more.locator("h2").inner_text().strip().lower() == "lainnya dari penulis"
    internal = more.locator("a.np-card__title[href^='/']").first
    target_title = internal.inner_text().strip()
    internal.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == target_title
    assert page.url != live_server.url + article.url
    screenshot("more-from-author-target")
