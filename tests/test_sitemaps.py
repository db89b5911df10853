"""The site sitemap and the Google News sitemap."""

import xml.etree.ElementTree as ET  # noqa: S405 (parsing our own output)
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from newsplugin.models import NewsSettings

from .builders import make_article, make_author, make_index

pytestmark = pytest.mark.django_db

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314


def test_site_sitemap_lists_articles_indexes_and_archives(client):
    index = make_index()
    sari = make_author("Sari Dewi")
    make_article(index, "Pasar Dibuka", authors=[sari], tags=["pasar"])
    make_article(index, "Draf", authors=[make_author("Budi")], live=False, tags=["draf"])
    make_author("Tanpa Artikel")
    root = parse(client, "/sitemap.xml")
    locations = {loc.text for loc in root.findall("s:url/s:loc", NS)}
    assert {
        "http://localhost/berita/",
        "http://localhost/berita/pasar-dibuka/",
        "http://localhost/berita/authors/sari-dewi/",
        "http://localhost/berita/tags/pasar/",
    } <= locations
    assert not {loc for loc in locations if "draf" in loc or "budi" in loc or "tanpa" in loc}


def test_news_sitemap_has_the_last_two_days(client):
    site = Site.objects.get(is_default_site=True)
    NewsSettings.objects.create(site=site, publisher_name="Kabar & Nusantara")
    index = make_index()
    fresh = make_article(index, "Baru <Sekali>\x0b", slug="baru")
    make_article(index, "Kemarin", days_ago=1)
    make_article(index, "Lama", days_ago=3)
    make_article(index, "Draf", live=False)
    private = make_article(index, "Rahasia")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    future = make_article(index, "Besok", slug="besok")
    future.date = timezone.now() + timedelta(days=1)
    future.save()

    root = parse(client, "/news-sitemap.xml")
    urls = root.findall("s:url", NS)
    assert [url.find("news:news/news:title", NS).text for url in urls] == [
        "Baru <Sekali>",
        "Kemarin",
    ]
    first = urls[0]
    assert first.find("s:loc", NS).text == "http://localhost/berita/baru/"
    publication = first.find("news:news/news:publication", NS)
    assert publication.find("news:name", NS).text == "Kabar & Nusantara"
    assert publication.find("news:language", NS).text == "id"
    fresh.refresh_from_db()
    date = first.find("news:news/news:publication_date", NS).text
    assert date == timezone.localtime(fresh.date).isoformat()


def test_robots_txt_names_both_sitemaps_at_the_address_asked_for(client):
    response = client.get("/robots.txt", HTTP_HOST="127.0.0.1:8611")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /comments/post/",
        "Disallow: /comments/token/",
        "Sitemap: http://127.0.0.1:8611/sitemap.xml",
        "Sitemap: http://127.0.0.1:8611/news-sitemap.xml",
    ]
    assert client.post("/robots.txt").status_code == 405
