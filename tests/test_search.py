"""Articles are found by headline, standfirst, body, author and tag (database backend)."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from .builders import make_article, make_author, make_index

pytestmark = pytest.mark.django_db


def found(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return [h.get_text(strip=True) for h in page.select(".np-card__title")]


@pytest.fixture
def newsroom():
    index = make_index()
    make_article(
        index,
        "Pasar Terapung Dibuka",
        authors=[make_author("Sari Wulandari")],
        standfirst="Pedagang perahu kembali berjualan.",
        body=[("paragraph", "<p>Ratusan pengunjung memadati dermaga.</p>")],
        tags=["banjarmasin"],
    )
    make_article(index, "Cuaca Cerah", authors=[make_author("Budi")])
    make_article(index, "Draf Pasar Terapung", live=False)
    private = make_article(index, "Pasar Rahasia Terapung")
    PageViewRestriction.objects.create(page=private, restriction_type="login")


@pytest.mark.parametrize("query", ["terapung", "perahu", "dermaga", "Wulandari", "banjarmasin"])
def test_articles_are_found_by_every_indexed_field(client, newsroom, query):
    assert found(client, query) == ["Pasar Terapung Dibuka"]


def test_empty_and_unmatched_queries(client, newsroom):
    assert found(client, "") == []
    assert found(client, "gempa") == []
    page = BeautifulSoup(client.get("/search/", {"q": "<b>x</b>"}).content, "html.parser")
    assert page.select_one("#search-q")["value"] == "<b>x</b>"


def test_the_database_backend_uses_the_databases_own_full_text_search():
    from django.db import connection
    from wagtail.search.backends import get_search_backend

    module = type(get_search_backend()).__module__
    assert {"postgresql": "postgres", "sqlite": "sqlite"}[connection.vendor] in module, module


def test_search_page_speaks_indonesian(client):
    page = BeautifulSoup(client.get("/search/").content, "html.parser")
    assert page.select_one("label[for=search-q]").get_text() == "Cari artikel"
    assert page.find("h1").get_text() == "Cari"
