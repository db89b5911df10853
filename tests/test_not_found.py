"""A missing page: the site's own 404 page in the address's language, plain text for scripts."""

import pytest
from bs4 import BeautifulSoup

from .builders import make_article, make_index, translate

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def newsroom():
    berita = make_index()
    make_index("Kota", "kota", parent=berita)
    article = make_article(berita, "Pasar Dibuka")
    translate(berita, title="News", slug="news")
    return article


def not_found(client, url, accept=BROWSER):
    response = client.get(url, headers={"accept": accept} if accept else {})
    assert response.status_code == 404, (url, response.status_code)
    assert "Accept" in [v.strip() for v in response["Vary"].split(",")]
    return response


def test_a_reader_gets_the_sites_404_page_in_the_language_of_the_address(client, newsroom):
    for url, language, title, home, other_home in [
        ("/berita/tidak-ada/", "id", "Halaman tidak ditemukan", "/", "/en/"),
        ("/en/news/no-such-story/", "en", "Page not found", "/en/", "/"),
    ]:
        response = not_found(client, url)
        assert response["Content-Type"] == "text/html; charset=utf-8"
        page = BeautifulSoup(response.content, "html.parser")
        assert page.html["lang"] == language
        assert page.title.get_text().split(" – ")[0] == title
        assert page.h1.get_text() == title
        assert page.select_one('meta[name="robots"]')["content"] == "noindex"
        assert page.select_one(".np-not-found a")["href"] == home
        # The site around it: its sections and search box.
        assert page.select("nav.site-nav a") and page.select_one("form.site-search")
        # Switching language leads to the other home page, not to the same missing
        # address under the other prefix; nothing claims to be a translation of it.
        others = page.select(".np-languages a")
        assert [a["href"] for a in others] == [other_home]
        assert not page.select('link[rel="alternate"][hreflang]')
        assert not page.select('.np-languages a[rel="alternate"]')


def test_the_page_never_comes_from_the_comment_apps_stock_template(client, newsroom):
    body = not_found(client, "/tidak-ada/").content.decode()
    assert "django-comments-xtd" not in body
    assert "Tidak ada halaman di alamat ini" in body


def test_routes_under_an_index_and_views_that_find_nothing_get_it_too(client, newsroom):
    for url in ("/berita/authors/tidak-ada/", "/berita/tags/tidak-ada/", "/berita/kota/x/y/"):
        page = BeautifulSoup(not_found(client, url).content, "html.parser")
        assert page.h1.get_text() == "Halaman tidak ditemukan", url


def test_a_script_or_crawler_that_does_not_ask_for_html_gets_plain_text(client, newsroom):
    for accept in ("*/*", "application/json", None):
        response = not_found(client, "/wp-login.php", accept=accept)
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response.content.decode() == "Halaman tidak ditemukan\n"
    response = not_found(client, "/en/wp-login.php", accept="*/*")
    assert response.content.decode() == "Page not found\n"


def test_nothing_the_address_holds_is_written_into_the_page(client, newsroom):
    hostile = '/berita/"><script>alert(1)</script><img src=x onerror=alert(2)>/'
    body = not_found(client, hostile).content.decode()
    assert "<script>alert" not in body and "onerror" not in body
    assert "alert(" not in body


def test_a_missing_page_is_not_kept_by_the_page_cache(client, newsroom, settings):
    settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 300
    for _ in range(2):
        response = not_found(client, "/berita/tidak-ada/")
        assert "public" not in response.get("Cache-Control", "")
    make_article(newsroom.get_parent().specific, "Tidak Ada")
    assert client.get("/berita/tidak-ada/", headers={"accept": BROWSER}).status_code == 200
