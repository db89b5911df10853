"""The example site's chrome: sections, search box, footer, favicon, robots, titles."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page, Site

from home.models import HomePage

from .builders import make_article, make_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    berita = make_index()
    kota = make_index("Kota", "kota", parent=berita)
    lingkungan = make_index("Lingkungan", "lingkungan", parent=kota)
    ekonomi = make_index("Ekonomi", "ekonomi", parent=berita)
    make_article(kota, "Pasar Direnovasi")
    make_article(lingkungan, "Bank Sampah")
    make_article(lingkungan, "Simulasi Banjir")
    make_article(ekonomi, "Koperasi Nelayan")
    return berita


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_every_page_has_the_sections_a_search_box_and_a_footer(client, newsroom):
    for url in ("/berita/", "/berita/ekonomi/", "/berita/kota/pasar-direnovasi/", "/search/"):
        page = soup(client.get(url))
        nav = page.select_one("nav.site-nav")
        assert [a.get_text() for a in nav.select("a")] == ["Berita", "Kota", "Ekonomi"], url
        search = page.select_one("form.site-search")
        assert search["action"] == "/search/" and search.select_one("input[name=q]")
        footer = page.select_one("footer.site-footer")
        assert [a["href"] for a in footer.select(".site-footer__feeds a")] == [
            "/berita/feed/rss/",
            "/berita/feed/atom/",
        ]
    current = soup(client.get("/berita/ekonomi/")).select('nav.site-nav a[aria-current="page"]')
    assert [a.get_text() for a in current] == ["Ekonomi"]


def test_a_nested_section_lists_its_articles_with_breadcrumbs(client, newsroom):
    page = soup(client.get("/berita/kota/lingkungan/"))
    assert page.h1.get_text(strip=True) == "Lingkungan"
    assert [h.get_text(strip=True) for h in page.select(".np-card__title")] == [
        "Simulasi Banjir",
        "Bank Sampah",
    ]
    home = newsroom.get_parent()
    assert [a.get_text() for a in page.select("nav.np-breadcrumbs a")] == [
        home.title,
        "Berita",
        "Kota",
    ]


def test_the_home_page_title_names_the_site_once(client):
    site = Site.objects.get(is_default_site=True)
    home = HomePage(title="Kabar Nusantara", slug="kabar")
    Page.get_first_root_node().add_child(instance=home)
    site.root_page, site.site_name = home, "Kabar Nusantara"
    site.save()
    make_index(parent=home)

    assert soup(client.get("/")).title.get_text() == "Kabar Nusantara"
    assert soup(client.get("/berita/")).title.get_text() == "Berita – Kabar Nusantara"


def test_favicon_is_found(client, newsroom):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/home/favicon.svg"
    icon = soup(client.get("/berita/")).select_one('link[rel="icon"]')
    assert icon["href"] == "/static/home/favicon.svg"


def test_a_search_without_results_says_so(client, newsroom):
    page = soup(client.get("/search/", {"q": "<zzz>"}))
    assert page.select_one(".np-empty").get_text(strip=True) in {
        "Tidak ada hasil untuk “<zzz>”.",
        "No results for “<zzz>”.",
    }
    assert "No articles yet" not in page.get_text()
    assert "Belum ada artikel" not in page.get_text()


def test_canonical_links_follow_the_site_record(client, newsroom):
    Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=8611)
    url = "/berita/kota/pasar-direnovasi/"
    page = soup(client.get(url, HTTP_HOST="127.0.0.1:8611"))
    assert page.select_one('link[rel="canonical"]')["href"] == f"http://127.0.0.1:8611{url}"
