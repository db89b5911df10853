"""Sections: news indexes within news indexes, breadcrumbs, and the section in structured data."""

import json

import feedparser
import pytest
from bs4 import BeautifulSoup

from newsplugin.models import ArticlePage

from .builders import make_article, make_author, make_index

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def newsroom():
    berita = make_index()
    dunia = make_index("Dunia", "dunia", parent=berita)
    eropa = make_index("Eropa", "eropa", parent=dunia)
    author = make_author("Rina")
    make_article(berita, "Harga Cabai Turun", authors=[author], days_ago=3)
    make_article(dunia, "KTT Iklim Dibuka", authors=[author], days_ago=2)
    make_article(eropa, "Pemilu di Belanda", authors=[author], days_ago=1)
    return berita, dunia, eropa


def titles(page):
    return [h.get_text(strip=True) for h in page.select(".np-card__title")]


def crumbs(page):
    return [(a.get_text(), a["href"]) for a in page.select("nav.np-breadcrumbs a")]


def test_a_section_lists_its_articles_and_those_of_the_sections_below(client, newsroom):
    berita, dunia, eropa = newsroom
    assert titles(soup(client.get(berita.url))) == [
        "Pemilu di Belanda",
        "KTT Iklim Dibuka",
        "Harga Cabai Turun",
    ]
    assert titles(soup(client.get(dunia.url))) == ["Pemilu di Belanda", "KTT Iklim Dibuka"]
    assert titles(soup(client.get(eropa.url))) == ["Pemilu di Belanda"]
    assert eropa.url == "/berita/dunia/eropa/"


def test_a_section_has_its_own_feed(client, newsroom):
    _berita, dunia, _eropa = newsroom
    response = client.get(dunia.url + "feed/rss/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert [entry.title for entry in feed.entries] == [
        "Pemilu di Belanda",
        "KTT Iklim Dibuka",
    ]


def test_articles_and_listings_show_the_way_back_from_the_home_page(client, newsroom):
    berita, dunia, eropa = newsroom
    article = soup(client.get("/berita/dunia/eropa/pemilu-di-belanda/"))
    home = berita.get_parent()
    assert crumbs(article) == [
        (home.title, "/"),
        ("Berita", "/berita/"),
        ("Dunia", "/berita/dunia/"),
        ("Eropa", "/berita/dunia/eropa/"),
    ]
    assert crumbs(soup(client.get(dunia.url))) == [(home.title, "/"), ("Berita", "/berita/")]
    # On an author's archive the section itself is a step back too.
    archive = soup(client.get(dunia.url + "authors/rina/"))
    assert crumbs(archive)[-1] == ("Dunia", "/berita/dunia/")


def test_structured_data_names_the_article_section(client, newsroom):
    page = soup(client.get("/berita/dunia/eropa/pemilu-di-belanda/"))
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["articleSection"] == "Eropa"


def test_editors_can_create_a_section_inside_a_section(newsroom):
    from newsplugin.models import ArticlePage, NewsIndexPage

    _berita, dunia, _eropa = newsroom
    assert NewsIndexPage in dunia.specific_class.allowed_subpage_models()
    assert ArticlePage in dunia.specific_class.allowed_subpage_models()


def test_an_article_lives_in_one_section_and_can_be_listed_in_others(client, newsroom):
    berita, dunia, eropa = newsroom
    asia = make_index("Asia", "asia", parent=berita)
    article = ArticlePage.objects.get(slug="pemilu-di-belanda")
    article.other_sections.set([asia, dunia])
    article.save_revision().publish()

    assert titles(soup(client.get(asia.url))) == ["Pemilu di Belanda"]
    # Listed where it lives and where it is listed: still once.
    assert titles(soup(client.get(dunia.url))).count("Pemilu di Belanda") == 1
    assert titles(soup(client.get(berita.url))).count("Pemilu di Belanda") == 1
    feed = feedparser.parse(client.get(asia.url + "feed/atom/").content)
    assert [entry.title for entry in feed.entries] == ["Pemilu di Belanda"]
    # It still lives in Eropa: its address and breadcrumbs say so.
    assert article.url == "/berita/dunia/eropa/pemilu-di-belanda/"


def test_publishing_purges_the_sections_that_list_an_article(newsroom):
    from newsplugin.cache.purge import article_urls

    berita, dunia, _eropa = newsroom
    asia = make_index("Asia", "asia", parent=berita)
    article = ArticlePage.objects.get(slug="pemilu-di-belanda")
    article.other_sections.set([asia])
    article.save()

    urls = article_urls(article)

    for section in ("/berita/", "/berita/dunia/", "/berita/dunia/eropa/", "/berita/asia/"):
        assert f"http://localhost{section}" in urls
        assert f"http://localhost{section}feed/rss/" in urls
