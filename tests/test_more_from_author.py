"""More From Author: what the block lists, in which order, and what it costs."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from newsplugin.pages.related import more_from_author
from newsplugin.pictures import PICTURE_SIZES, prefetch_renditions, rendition_facts

from .builders import make_article, make_author, make_image, make_index

pytestmark = pytest.mark.django_db


def block_links(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    aside = BeautifulSoup(response.content, "html.parser").find("aside", class_="np-more")
    if aside is None:
        return []
    return [(a.get_text(strip=True), a["href"]) for a in aside.select("a.np-card__title")]


def titles(client, article):
    return [title for title, _ in block_links(client, article)]


def test_lists_the_authors_newest_other_articles_newest_first(client):
    index = make_index()
    sari = make_author("Sari")
    for days in (5, 1, 3):
        make_article(index, f"Sari {days} hari lalu", authors=[sari], days_ago=days)
    current = make_article(index, "Sekarang", authors=[sari])
    assert titles(client, current) == ["Sari 1 hari lalu", "Sari 3 hari lalu", "Sari 5 hari lalu"]


def test_aside_has_heading_and_thumbnails(client):
    index = make_index()
    sari = make_author("Sari")
    make_article(index, "Dengan foto", authors=[sari], lead_image=make_image(), lead_image_alt="x")
    current = make_article(index, "Sekarang", authors=[sari])
    page = BeautifulSoup(client.get(current.url).content, "html.parser")
    aside = page.find("aside", class_="np-more")
    assert aside.find("h2").get_text() in {"More From Author", "Lainnya dari Penulis"}
    assert aside["aria-labelledby"] == aside.find("h2")["id"]
    img = aside.find("img")
    assert "320w" in img["srcset"] and img["src"].endswith(".jpg")
    assert aside.find("time")["datetime"]


def test_covers_every_author_of_a_shared_byline(client):
    index = make_index()
    sari, budi = make_author("Sari"), make_author("Budi")
    make_article(index, "Tulisan Sari", authors=[sari], days_ago=2)
    make_article(index, "Tulisan Budi", authors=[budi], days_ago=1)
    make_article(index, "Tulisan bersama", authors=[sari, budi], days_ago=3)
    current = make_article(index, "Sekarang", authors=[sari, budi])
    assert titles(client, current) == ["Tulisan Budi", "Tulisan Sari", "Tulisan bersama"]


def test_never_lists_itself_drafts_private_pages_or_other_authors(client):
    index = make_index()
    sari, budi = make_author("Sari"), make_author("Budi")
    make_article(index, "Draf", authors=[sari], live=False)
    private = make_article(index, "Rahasia", authors=[sari])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    make_article(index, "Milik Budi", authors=[budi])
    make_article(index, "Terbit", authors=[sari], days_ago=1)
    current = make_article(index, "Sekarang", authors=[sari])
    assert titles(client, current) == ["Terbit"]


def test_private_section_hides_its_articles_too(client):
    sari = make_author("Sari")
    public_index = make_index()
    private_index = make_index("Internal", "internal")
    PageViewRestriction.objects.create(
        page=private_index, restriction_type="password", password="x"
    )
    make_article(private_index, "Di balik sandi", authors=[sari])
    current = make_article(public_index, "Sekarang", authors=[sari])
    assert titles(client, current) == []


def test_shows_at_most_the_configured_number(client, settings):
    settings.NEWSPLUGIN_MORE_FROM_AUTHOR_COUNT = 2
    index = make_index()
    sari = make_author("Sari")
    for days in range(1, 6):
        make_article(index, f"Hari {days}", authors=[sari], days_ago=days)
    current = make_article(index, "Sekarang", authors=[sari])
    assert titles(client, current) == ["Hari 1", "Hari 2"]


def test_pins_come_first_in_the_editors_order_and_are_not_repeated(client):
    index = make_index()
    sari, budi = make_author("Sari"), make_author("Budi")
    make_article(index, "Terbaru Sari", authors=[sari], days_ago=1)
    older = make_article(index, "Lama Sari", authors=[sari], days_ago=30)
    other = make_article(index, "Pilihan dari Budi", authors=[budi], days_ago=10)
    current = make_article(
        index,
        "Sekarang",
        authors=[sari],
        pinned_links=[
            ("link", {"url": "https://example.org/liputan", "title": "Liputan khusus"}),
            ("article", other),
            ("article", older),
            ("article", older),
        ],
    )
    assert block_links(client, current) == [
        ("Liputan khusus", "https://example.org/liputan"),
        ("Pilihan dari Budi", other.url),
        ("Lama Sari", older.url),
        ("Terbaru Sari", "/berita/terbaru-sari/"),
    ]


def test_pinned_drafts_private_pages_and_self_are_dropped(client):
    index = make_index()
    sari = make_author("Sari")
    draft = make_article(index, "Draf", authors=[sari], live=False)
    private = make_article(index, "Rahasia")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    current = make_article(index, "Sekarang", authors=[sari])
    current.pinned_links = [("article", draft), ("article", private), ("article", current)]
    current.save()
    assert titles(client, current) == []


def test_no_block_without_anything_to_show(client):
    current = make_article(make_index(), "Sendiri", authors=[make_author("Sari")])
    page = BeautifulSoup(client.get(current.url).content, "html.parser")
    assert page.find("aside", class_="np-more") is None


def count_queries(func):
    with CaptureQueriesContext(connection) as queries:
        func()
    return len(queries)


def test_costs_one_query_and_one_for_thumbnails_however_much_there_is(rf):
    index = make_index()
    small_author = make_author("Sari")
    make_article(index, "Satu", authors=[small_author], lead_image=make_image(), lead_image_alt="x")
    small = make_article(index, "Kecil", authors=[small_author])

    authors = [make_author(f"Penulis {n}") for n in range(5)]
    others = [
        make_article(
            index,
            f"Berita {n}",
            authors=authors[n % 5 : n % 5 + 2],
            days_ago=n,
            lead_image=make_image(),
            lead_image_alt="x",
        )
        for n in range(12)
    ]
    big = make_article(
        index,
        "Besar",
        authors=authors,
        pinned_links=[("article", page) for page in others[:3]]
        + [("link", {"url": f"https://example.org/{n}", "title": f"Luar {n}"}) for n in range(3)],
    )
    request = rf.get("/")

    def render_block(article):
        links = more_from_author(article, [a.pk for a in article.get_authors()], request)
        specs = PICTURE_SIZES["thumbnail"].all_specs()
        prefetch_renditions(*((link.image, specs) for link in links))
        for link in links:
            if link.image:
                rendition_facts(link.image, *specs)
        return links

    # Warm renditions and the site-root cache once, as any real page view would.
    render_block(small)
    render_block(big)
    authors_query = 1
    assert count_queries(lambda: render_block(small)) == 2 + authors_query
    assert count_queries(lambda: render_block(big)) == 2 + authors_query
    assert len(render_block(big)) == 4


def test_article_page_query_count_does_not_grow_with_authors_and_pins(client):
    index = make_index()
    sari = make_author("Sari")
    make_article(index, "Lain", authors=[sari], lead_image=make_image(), lead_image_alt="x")
    small = make_article(index, "Kecil", authors=[sari])
    authors = [make_author(f"Penulis {n}") for n in range(4)]
    others = [
        make_article(
            index,
            f"Berita {n}",
            authors=authors,
            lead_image=make_image(),
            lead_image_alt="x",
            days_ago=n,
        )
        for n in range(8)
    ]
    big = make_article(
        index, "Besar", authors=authors, pinned_links=[("article", p) for p in others[:2]]
    )
    client.get(small.url), client.get(big.url)  # warm renditions
    small_count = count_queries(lambda: client.get(small.url))
    assert small_count == count_queries(lambda: client.get(big.url))
