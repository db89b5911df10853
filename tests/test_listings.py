"""News index and author archives: newest first, paginated, never a 500."""

import pytest
from bs4 import BeautifulSoup

from .builders import make_article, make_author, make_image, make_index

pytestmark = pytest.mark.django_db


def card_titles(response):
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return [h2.get_text(strip=True) for h2 in page.select(".np-card__title")]


@pytest.fixture
def newsroom(settings):
    settings.NEWSPLUGIN_ARTICLES_PER_PAGE = 2
    index = make_index()
    sari, budi = make_author("Sari Dewi"), make_author("Budi")
    for days in (3, 1, 4, 2, 5):
        make_article(index, f"Sari {days}", authors=[sari], days_ago=days)
    make_article(index, "Budi 0", authors=[budi])
    make_article(index, "Draf Sari", authors=[sari], live=False)
    return index


def test_index_lists_live_articles_newest_first_and_paginates(client, newsroom):
    assert card_titles(client.get("/berita/")) == ["Budi 0", "Sari 1"]
    assert card_titles(client.get("/berita/?page=2")) == ["Sari 2", "Sari 3"]
    assert card_titles(client.get("/berita/?page=3")) == ["Sari 4", "Sari 5"]
    page = BeautifulSoup(client.get("/berita/?page=2").content, "html.parser")
    assert page.select_one("a[rel=prev]")["href"] == "?page=1"
    assert page.select_one("a[rel=next]")["href"] == "?page=3"


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "999999", "1.5", "", "%00", "2" * 40])
def test_bad_page_numbers_give_a_sane_page(client, newsroom, bad):
    response = client.get("/berita/", {"page": bad})
    assert response.status_code == 200
    assert len(card_titles(response)) == 2


def test_author_archive_lists_only_their_live_articles(client, newsroom):
    response = client.get("/berita/authors/sari-dewi/")
    assert card_titles(response) == ["Sari 1", "Sari 2"]
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("h1").get_text() == "Sari Dewi"
    assert card_titles(client.get("/berita/authors/sari-dewi/?page=3")) == ["Sari 5"]
    assert card_titles(client.get("/berita/authors/sari-dewi/?page=x")) == ["Sari 1", "Sari 2"]


def test_author_archive_shows_bio_and_portrait(client):
    index = make_index()
    author = make_author("Rina", bio="Wartawan lingkungan.", photo=make_image())
    make_article(index, "Hutan", authors=[author])
    page = BeautifulSoup(client.get(author.get_absolute_url()).content, "html.parser")
    assert "Wartawan lingkungan." in page.select_one(".np-author__bio").get_text()
    assert page.select_one(".np-author__photo img")


def test_unknown_author_is_404(client, newsroom):
    assert client.get("/berita/authors/nobody/").status_code == 404


def test_index_listing_query_count_is_constant(client, settings, django_assert_max_num_queries):
    settings.NEWSPLUGIN_ARTICLES_PER_PAGE = 20
    index = make_index()
    author = make_author("Sari")
    make_article(index, "Satu", authors=[author], lead_image=make_image(), lead_image_alt="x")
    client.get("/berita/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/berita/")
    for n in range(6):
        make_article(
            index, f"Lagi {n}", authors=[author], lead_image=make_image(), lead_image_alt="x"
        )
    client.get("/berita/")
    with CaptureQueriesContext(connection) as seven:
        client.get("/berita/")
    assert len(one) == len(seven)
