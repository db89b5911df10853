"""The front page, a section and an article in a real browser, at desktop and phone widths."""

import pytest
from django.core.management import call_command

from newsplugin.models import ArticlePage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.mark.parametrize("width", WIDTHS)
def test_front_section_and_article_show_the_chrome_with_nothing_missing(
    live_server, browser, width
):
    with open("/dev/null", "w") as quiet:
        call_command("load_demo_content", "--site-url", live_server.url + "/", stdout=quiet)
    article = ArticlePage.objects.live().get(slug="renovasi-pasar-rejosari-dimulai")
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    page = context.new_page()
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append((r.status, r.url)))
    page.on("requestfailed", lambda r: failed.append(("failed", r.url)))
    try:
        for name, path in (
            ("front", "/"),
            ("section", "/berita/kota/"),
            ("article", article.url),
        ):
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            assert page.locator("nav.site-nav a").count() == 6, name
            assert page.locator("form.site-search input[name=q]").is_visible(), name
            assert page.locator("footer.site-footer").is_visible(), name
            # Nothing wider than the screen: no sideways scrolling on a phone.
            assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), name
            canonical = page.locator('link[rel="canonical"]')
            if canonical.count():
                assert canonical.get_attribute("href") == page.url, name
            page.screenshot(path=f"tests/artifacts/chrome-{name}-{width}.png", full_page=True)
        page.goto(live_server.url + "/")
        assert page.locator(".np-front__lead-title").is_visible()
        # Five sections; one whose every article is already among the top stories is left out.
        headings = page.locator(".np-front__section > h2").all_inner_texts()
        assert len(headings) >= 3
        assert set(headings) <= {"Kota", "Ekonomi", "Pendidikan", "Budaya", "Olahraga"}
        assert page.locator(".np-breadcrumbs").count() == 0
        page.goto(live_server.url + article.url)
        crumbs = page.locator("nav.np-breadcrumbs a").all_inner_texts()
        assert crumbs == ["Kabar Nusantara", "Berita", "Kota"]
        # The favicon the browser asks for, and every picture and style sheet, was found.
        assert page.request.get(live_server.url + "/favicon.ico").ok
        assert failed == []
    finally:
        context.close()
