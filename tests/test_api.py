"""Articles in Wagtail's API v2: fields, authors, lead photo renditions; no private data."""

import pytest

from .builders import make_article, make_author, make_comment, make_image, make_index

pytestmark = pytest.mark.django_db


def test_article_detail_has_fields_authors_and_renditions(client):
    index = make_index()
    sari = make_author("Sari Dewi")
    article = make_article(
        index,
        "Pasar Dibuka",
        authors=[sari, make_author("Budi")],
        standfirst="Pedagang kembali berjualan.",
        lead_image=make_image(width=1600, height=1000),
        lead_image_alt="Kios",
        lead_image_credit="Rina/Antara",
        tags=["pasar"],
    )
    make_comment(article, "Setuju.")
    make_comment(article, "Masih menunggu.", approved=False)
    response = client.get(
        "/api/v2/pages/", {"type": "newsplugin.ArticlePage", "fields": "*"}
    )
    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item["id"] == article.pk
    assert item["title"] == "Pasar Dibuka"
    assert item["standfirst"] == "Pedagang kembali berjualan."
    assert item["meta"]["html_url"] == "http://localhost/berita/pasar-dibuka/"
    assert item["authors"] == [
        {"id": sari.pk, "name": "Sari Dewi", "slug": "sari-dewi"},
        {"id": sari.pk + 1, "name": "Budi", "slug": "budi"},
    ]
    assert item["lead_image_credit"] == "Rina/Antara"
    assert item["lead_image_alt"] == "Kios"
    assert (item["lead_image_16x9"]["width"], item["lead_image_16x9"]["height"]) == (1200, 675)
    assert item["lead_image_thumbnail"]["url"].endswith(".jpg")
    assert item["tags"] == ["pasar"]
    assert item["comment_count"] == 1  # approved comments only
    assert item["date"]

    detail = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert detail["authors"][0]["name"] == "Sari Dewi"
    assert "@" not in response.content.decode()


def test_drafts_are_not_in_the_api(client):
    make_article(make_index(), "Draf", live=False)
    response = client.get("/api/v2/pages/", {"type": "newsplugin.ArticlePage"})
    assert response.json()["items"] == []


def test_an_article_names_its_section(client):
    berita = make_index()
    dunia = make_index("Dunia", "dunia", parent=berita)
    article = make_article(dunia, "KTT Iklim")
    response = client.get(f"/api/v2/pages/{article.pk}/")
    assert response.status_code == 200
    assert response.json()["section"] == {"id": dunia.pk, "title": "Dunia", "slug": "dunia"}
