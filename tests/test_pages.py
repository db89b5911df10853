"""Article and index pages as editors create them and readers see them."""

from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Page

from home.models import HomePage
from newsplugin.models import ArticlePage, NewsIndexPage

from .builders import make_article, make_author, make_image, make_index

pytestmark = pytest.mark.django_db


def test_articles_live_only_under_a_news_index():
    assert ArticlePage.allowed_parent_page_models() == [NewsIndexPage]
    assert ArticlePage.allowed_subpage_models() == []
    # Sections: a news index holds articles and news indexes.
    assert NewsIndexPage.allowed_subpage_models() == [ArticlePage, NewsIndexPage]
    assert ArticlePage in NewsIndexPage.creatable_subpage_models()
    assert ArticlePage not in HomePage.creatable_subpage_models()
    assert ArticlePage not in Page.creatable_subpage_models()


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_article_shows_headline_byline_date_and_lead_photo(client):
    index = make_index()
    sari, budi = make_author("Sari Dewi"), make_author("Budi Santoso")
    article = make_article(
        index,
        "Pasar Lama Dibuka Kembali",
        authors=[sari, budi],
        standfirst="Pedagang kembali berjualan setelah renovasi.",
        lead_image=make_image(width=2400, height=1500),
        lead_image_caption="Pedagang sayur di lantai dasar.",
        lead_image_credit="Rina Wulandari/Antara",
        lead_image_alt="Deretan kios sayur yang ramai pembeli",
    )
    page = soup(client.get(article.url))

    assert [h1.get_text() for h1 in page.find_all("h1")] == ["Pasar Lama Dibuka Kembali"]
    main_article = page.find("article", class_="np-article")
    assert "Pedagang kembali berjualan" in main_article.get_text()

    byline_links = page.select(".np-byline a[rel=author]")
    assert [a.get_text() for a in byline_links] == ["Sari Dewi", "Budi Santoso"]
    assert byline_links[0]["href"] == "/berita/authors/sari-dewi/"
    time = page.select_one(".np-byline time")
    assert time["datetime"] == timezone.localtime(article.date).isoformat()

    figure = main_article.find("figure")
    figcaption = figure.find("figcaption").get_text(" ", strip=True)
    assert "Pedagang sayur di lantai dasar." in figcaption
    assert "Rina Wulandari/Antara" in figcaption
    img = figure.find("img")
    assert img["alt"] == "Deretan kios sayur yang ramai pembeli"
    assert int(img["width"]) <= 1200


def test_lead_photo_srcset_is_bounded_webp_with_jpeg_fallback(client):
    article = make_article(
        make_index(),
        lead_image=make_image(width=3000, height=2000),
        lead_image_alt="Foto",
    )
    figure = soup(client.get(article.url)).select_one(".np-article__lead")
    source = figure.find("source")
    assert source["type"] == "image/webp"
    webp = [c.split() for c in source["srcset"].split(", ")]
    jpeg = [c.split() for c in figure.find("img")["srcset"].split(", ")]
    assert [w for _, w in webp] == ["480w", "800w", "1200w"]
    assert [w for _, w in jpeg] == ["480w", "800w", "1200w"]
    assert all(url.endswith(".webp") for url, _ in webp)
    assert all(url.endswith(".jpg") for url, _ in jpeg)
    assert figure.find("img")["src"].endswith(".jpg")


def test_small_original_is_not_listed_twice_in_srcset(client):
    article = make_article(
        make_index(), lead_image=make_image(width=600, height=400), lead_image_alt="Foto"
    )
    img = soup(client.get(article.url)).select_one(".np-article__lead img")
    assert [c.split()[1] for c in img["srcset"].split(", ")] == ["480w", "600w"]


def test_decorative_lead_photo_has_empty_alt(client):
    article = make_article(make_index(), lead_image=make_image(), lead_image_decorative=True)
    img = soup(client.get(article.url)).select_one(".np-article__lead img")
    assert img["alt"] == ""


def test_alt_text_is_required_unless_decorative():
    article = ArticlePage(title="A", slug="a", lead_image=make_image())
    with pytest.raises(ValidationError) as error:
        article.clean()
    assert "lead_image_alt" in error.value.message_dict
    article.lead_image_decorative = True
    article.clean()


def test_body_images_quotes_and_paragraphs_render(client):
    image = make_image()
    article = make_article(
        make_index(),
        body=[
            ("paragraph", "<p>Paragraf <b>pertama</b>.</p>"),
            (
                "image",
                {
                    "image": image,
                    "caption": "Perahu nelayan",
                    "credit": "Ali/Kabar",
                    "alt_text": "Dua perahu di pantai",
                    "decorative": False,
                },
            ),
            ("quote", {"text": "Kami siap melaut.", "attribution": "Pak Darto"}),
        ],
    )
    body = soup(client.get(article.url)).select_one(".np-article__body")
    assert body.find("b").get_text() == "pertama"
    assert body.select_one("figure.np-figure img")["alt"] == "Dua perahu di pantai"
    assert "Ali/Kabar" in body.select_one("figure.np-figure figcaption").get_text()
    assert body.select_one(".np-quote blockquote").get_text(strip=True) == "Kami siap melaut."


def test_publication_date_defaults_to_first_publication():
    index = make_index()
    article = ArticlePage(title="Tanpa tanggal", slug="tanpa-tanggal", live=False)
    index.add_child(instance=article)
    assert article.date is None
    before = timezone.now()
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.date is not None
    assert article.date == article.first_published_at
    assert before <= article.date <= timezone.now()


def test_explicit_publication_date_is_kept():
    index = make_index()
    when = timezone.now() - timedelta(days=3)
    article = ArticlePage(title="Bertanggal", slug="bertanggal", date=when, live=False)
    index.add_child(instance=article)
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.date == when


def test_pages_have_absolute_urls():
    index = make_index()
    article = make_article(index, "Judul", authors=[make_author("Sari Dewi")])
    assert article.get_absolute_url() == "/berita/judul/"
    assert index.get_absolute_url() == "/berita/"
    assert article.article_authors.first().author.get_absolute_url() == "/berita/authors/sari-dewi/"


def test_pages_load_nothing_from_other_sites(client):
    index = make_index()
    sari = make_author("Sari", photo=make_image())
    make_article(index, "Lain", authors=[sari], lead_image=make_image(), lead_image_alt="x")
    article = make_article(
        index,
        "Sekarang",
        authors=[sari],
        lead_image=make_image(),
        lead_image_alt="x",
        pinned_links=[("link", {"url": "https://example.org/a", "title": "Luar"})],
    )
    for url in [article.url, index.url, sari.get_absolute_url()]:
        page = soup(client.get(url))
        fetched = [tag.get("src") for tag in page.find_all(["img", "script", "iframe"])]
        # Links the browser loads; canonical and alternate links only name addresses.
        loaded = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}
        fetched += [
            tag.get("href") for tag in page.find_all("link") if loaded & set(tag.get("rel", []))
        ]
        for tag in page.find_all(["img", "source"]):
            fetched += [c.split()[0] for c in tag.get("srcset", "").split(",") if c.strip()]
        fetched = [f for f in fetched if f]
        assert fetched and all(f.startswith("/") and not f.startswith("//") for f in fetched)
        assert not page.find("style") and not page.select("[style]")
    css = Path(finders.find("newsplugin/newsplugin.css")).read_text()
    assert "url(" not in css and "@import" not in css
