"""JSON-LD NewsArticle, Open Graph and Twitter cards, canonical URL and description."""

import json

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from newsplugin.models import NewsSettings
from newsplugin.pages.sharing import json_ld_script

from .builders import make_article, make_author, make_comment, make_image, make_index

pytestmark = pytest.mark.django_db


def structured_data(html):
    page = BeautifulSoup(html, "html.parser")
    (script,) = page.select('script[type="application/ld+json"]')
    return json.loads(script.string)


@pytest.fixture
def article():
    index = make_index()
    return make_article(
        index,
        "Pasar Dibuka",
        authors=[make_author("Sari Dewi"), make_author("Budi Santoso")],
        standfirst="Pedagang kembali berjualan.",
        lead_image=make_image(width=1600, height=1200),
        lead_image_alt="Deretan kios",
        tags=["pasar"],
    )


def test_news_article_json_ld_has_every_field(client, article):
    site = Site.objects.get(is_default_site=True)
    NewsSettings.objects.create(
        site=site, publisher_name="Kabar Nusantara", publisher_logo=make_image(width=1200)
    )
    data = structured_data(client.get(article.url).content)
    article.refresh_from_db()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Pasar Dibuka"
    assert data["description"] == "Pedagang kembali berjualan."
    assert data["inLanguage"] == "id"
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": "http://localhost/berita/pasar-dibuka/"}
    assert data["datePublished"] == article.date.isoformat()
    assert data["dateModified"] >= data["datePublished"]
    assert data["author"] == [
        {"@type": "Person", "name": "Sari Dewi", "url": "http://localhost/berita/authors/sari-dewi/"},
        {
            "@type": "Person",
            "name": "Budi Santoso",
            "url": "http://localhost/berita/authors/budi-santoso/",
        },
    ]
    assert len(data["image"]) == 3
    for url, (width, height) in zip(
        data["image"], [(1200, 1200), (1200, 900), (1200, 675)], strict=True
    ):
        assert url.startswith("http://localhost/") and url.endswith(".jpg")
        assert f"fill-{width}x{height}" in url
    publisher = data["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "Kabar Nusantara"
    assert publisher["logo"]["@type"] == "ImageObject"
    assert publisher["logo"]["height"] <= 60 and publisher["logo"]["width"] <= 600
    assert data["commentCount"] == 0


def test_publisher_defaults_to_site_name_and_comments_are_counted(client, article):
    make_comment(article, "Satu.")
    make_comment(article, "Dua.")
    make_comment(article, "Belum disetujui.", approved=False)
    data = structured_data(client.get(article.url).content)
    assert data["publisher"] == {"@type": "Organization", "name": "Kabar Nusantara"}
    assert data["commentCount"] == 2  # approved comments only


def test_hostile_editor_text_cannot_leave_the_script(client):
    hostile = "</script><script>alert(1)</script><!-- & \u2028"
    article = make_article(
        make_index(),
        hostile,
        slug="jahat",
        authors=[make_author("</SCRIPT>Eve", slug="eve")],
        standfirst=hostile,
    )
    html = client.get(article.url).content.decode()
    assert "<script>alert(1)" not in html
    # Every script element the page has is one the plugin wrote: hostile text opened none.
    page = BeautifulSoup(html, "html.parser")
    scripts = page.find_all("script")
    assert [s.get("type") or s.get("src") for s in scripts] == [
        "application/ld+json",
        "/static/newsplugin/comment-form.js",
    ]
    assert html.lower().count("</script>") == len(scripts)
    data = structured_data(html)
    assert data["headline"] == hostile
    assert data["author"][0]["name"] == "</SCRIPT>Eve"


def test_json_ld_script_escapes_markup_characters():
    html = str(json_ld_script({"a": "<b>&</b>"}))
    assert html == (
        '<script type="application/ld+json">{"a": "\\u003Cb\\u003E\\u0026\\u003C/b\\u003E"}'
        "</script>"
    )


def test_open_graph_twitter_canonical_and_description(client, article):
    page = BeautifulSoup(client.get(article.url).content, "html.parser")

    def meta(attr, name):
        tag = page.find("meta", attrs={attr: name})
        return tag["content"] if tag else None

    url = "http://localhost/berita/pasar-dibuka/"
    assert page.find("link", rel="canonical")["href"] == url
    assert meta("name", "description") == "Pedagang kembali berjualan."
    assert meta("property", "og:url") == url
    assert meta("property", "og:type") == "article"
    assert meta("property", "og:title") == "Pasar Dibuka"
    assert meta("property", "og:description") == "Pedagang kembali berjualan."
    assert meta("property", "og:site_name") == "Kabar Nusantara"
    image = meta("property", "og:image")
    assert image.startswith("http://localhost/") and image.endswith(".jpg")
    assert (meta("property", "og:image:width"), meta("property", "og:image:height")) == (
        "1200",
        "675",
    )
    assert meta("property", "og:image:alt") == "Deretan kios"
    assert [m["content"] for m in page.find_all("meta", property="article:author")] == [
        "http://localhost/berita/authors/sari-dewi/",
        "http://localhost/berita/authors/budi-santoso/",
    ]
    assert meta("property", "article:tag") == "pasar"
    assert meta("name", "twitter:card") == "summary_large_image"
    assert meta("name", "twitter:image") == image
    assert meta("name", "twitter:title") == "Pasar Dibuka"


def test_article_without_photo_gets_a_summary_card(client):
    article = make_article(make_index(), "Tanpa Foto")
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
    assert page.find("meta", property="og:image") is None
    assert "image" not in structured_data(client.get(article.url).content)
