"""RSS and Atom feeds of the news index, of each author and of each tag."""

from datetime import UTC

import feedparser
import pytest
from bs4 import BeautifulSoup

from .builders import make_article, make_author, make_image, make_index

pytestmark = pytest.mark.django_db

FEEDS = ["rss", "atom"]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return response, feed


@pytest.fixture
def newsroom():
    index = make_index()
    sari = make_author("Sari Dewi")
    budi = make_author("Budi Santoso")
    older = make_article(
        index,
        "Banjir Surut",
        authors=[sari],
        days_ago=2,
        standfirst="Warga kembali ke rumah.",
        tags=["banjir"],
    )
    newer = make_article(
        index,
        "Pasar Dibuka",
        authors=[sari, budi],
        days_ago=1,
        standfirst="Pedagang kembali berjualan.",
        lead_image=make_image(width=3000, height=2000),
        lead_image_alt="Kios",
        tags=["ekonomi", "pasar"],
    )
    make_article(index, "Draf", authors=[sari], live=False)
    return index, sari, budi, older, newer


@pytest.mark.parametrize("feed_format", FEEDS)
def test_index_feed_has_every_field_newest_first(client, newsroom, feed_format):
    index, sari, budi, older, newer = newsroom
    response, feed = parse(client, f"/berita/feed/{feed_format}/")
    expected_type = {"rss": "application/rss+xml", "atom": "application/atom+xml"}[feed_format]
    assert response["Content-Type"].startswith(expected_type)
    assert feed.version == {"rss": "rss20", "atom": "atom10"}[feed_format]
    assert feed.feed.title == "Berita"
    assert feed.feed.link == "http://localhost/berita/"
    assert [entry.title for entry in feed.entries] == ["Pasar Dibuka", "Banjir Surut"]

    entry = feed.entries[0]
    assert entry.link == "http://localhost/berita/pasar-dibuka/"
    assert entry.summary == "Pedagang kembali berjualan."
    published = entry.published_parsed
    assert published[:6] == newer.date.astimezone(UTC).timetuple()[:6]
    assert [author["name"] for author in entry.authors] == ["Sari Dewi", "Budi Santoso"]
    if feed_format == "atom":
        assert entry.updated_parsed >= entry.published_parsed
        assert entry.authors[0]["href"] == "http://localhost/berita/authors/sari-dewi/"
    assert sorted(tag.term for tag in entry.tags) == ["ekonomi", "pasar"]

    (media,) = entry.media_content
    assert media["medium"] == "image"
    assert media["url"].startswith("http://localhost/")
    assert media["url"].endswith(".jpg")
    assert (int(media["width"]), int(media["height"])) == (1200, 675)
    assert "original_images" not in media["url"]
    assert "media_content" not in feed.entries[1]


@pytest.mark.parametrize("feed_format", FEEDS)
def test_no_email_in_any_feed(client, newsroom, feed_format):
    index, sari, *_ = newsroom
    for url in [
        f"/berita/feed/{feed_format}/",
        f"/berita/authors/sari-dewi/feed/{feed_format}/",
        f"/berita/tags/pasar/feed/{feed_format}/",
    ]:
        response, feed = parse(client, url)
        assert b"@" not in response.content
        assert all("email" not in author for e in feed.entries for author in e.authors)


@pytest.mark.parametrize("feed_format", FEEDS)
def test_author_and_tag_feeds_hold_only_their_articles(client, newsroom, feed_format):
    _, feed = parse(client, f"/berita/authors/budi-santoso/feed/{feed_format}/")
    assert feed.feed.title == "Budi Santoso – Berita"
    assert feed.feed.link == "http://localhost/berita/authors/budi-santoso/"
    assert [entry.title for entry in feed.entries] == ["Pasar Dibuka"]
    _, feed = parse(client, f"/berita/tags/banjir/feed/{feed_format}/")
    assert feed.feed.link == "http://localhost/berita/tags/banjir/"
    assert [entry.title for entry in feed.entries] == ["Banjir Surut"]


def test_feed_length_is_bounded(client, settings):
    settings.NEWSPLUGIN_FEED_ITEMS = 3
    index = make_index()
    for n in range(5):
        make_article(index, f"Berita {n}", days_ago=n)
    _, feed = parse(client, "/berita/feed/rss/")
    assert [entry.title for entry in feed.entries] == ["Berita 0", "Berita 1", "Berita 2"]


def test_unknown_feeds_are_404(client, newsroom):
    assert client.get("/berita/feed/json/").status_code == 404
    assert client.get("/berita/authors/nobody/feed/rss/").status_code == 404
    assert client.get("/berita/tags/nothing/feed/rss/").status_code == 404
    assert client.get("/berita/tags/nothing/").status_code == 404


@pytest.mark.parametrize("feed_format", FEEDS)
def test_hostile_editor_text_stays_valid_and_inert(client, feed_format):
    index = make_index()
    make_article(
        index,
        "</title><script>alert(1)</script>\x0b & ]]>",
        slug="jahat",
        authors=[make_author("<b>Eve</b>\x08", slug="eve")],
        standfirst="<![CDATA[ x ]]> <img src=x onerror=alert(1)> \x1f",
    )
    response, feed = parse(client, f"/berita/feed/{feed_format}/")
    assert b"<script>" not in response.content
    assert b"<img" not in response.content
    (entry,) = feed.entries
    assert entry.title == "</title><script>alert(1)</script> & ]]>"
    assert entry.authors[0]["name"] == "<b>Eve</b>"


def test_feed_queries_do_not_grow_with_items(client, django_assert_max_num_queries):
    index = make_index()
    author = make_author("Sari")
    for n in range(6):
        make_article(
            index,
            f"Berita {n}",
            authors=[author],
            lead_image=make_image(),
            lead_image_alt="x",
            tags=[f"t{n}"],
            days_ago=n,
        )
    client.get("/berita/feed/rss/")  # create the renditions once
    with django_assert_max_num_queries(12):
        client.get("/berita/feed/rss/")


def test_tag_listing_shows_tagged_articles_and_article_links_tags(client, newsroom):
    *_, older, newer = newsroom
    page = BeautifulSoup(client.get("/berita/tags/pasar/").content, "html.parser")
    assert page.find("h1").get_text() == "pasar"
    assert [h.get_text(strip=True) for h in page.select(".np-card__title")] == ["Pasar Dibuka"]
    article = BeautifulSoup(client.get(newer.url).content, "html.parser")
    links = article.select(".np-article__tags a[rel=tag]")
    assert sorted(a["href"] for a in links) == ["/berita/tags/ekonomi/", "/berita/tags/pasar/"]


@pytest.mark.parametrize(
    "url, feed_url",
    [
        ("/berita/", "/berita/feed/"),
        ("/berita/pasar-dibuka/", "/berita/feed/"),
        ("/berita/authors/sari-dewi/", "/berita/authors/sari-dewi/feed/"),
        ("/berita/tags/pasar/", "/berita/tags/pasar/feed/"),
    ],
)
def test_pages_link_their_feeds(client, newsroom, url, feed_url):
    page = BeautifulSoup(client.get(url).content, "html.parser")
    links = {link["type"]: link["href"] for link in page.select("head link[rel=alternate]")}
    assert links == {
        "application/rss+xml": feed_url + "rss/",
        "application/atom+xml": feed_url + "atom/",
    }


def feed_language(content, feed_format):
    """The feed's own statement of its language: RSS <language>, Atom's xml:lang."""
    from xml.etree import ElementTree  # noqa: S405 (parsing our own output)

    root = ElementTree.fromstring(content)  # noqa: S314
    if feed_format == "rss":
        return root.find("channel/language").text
    return root.get("{http://www.w3.org/XML/1998/namespace}lang")


@pytest.mark.parametrize("feed_format", FEEDS)
def test_every_feed_states_the_language_of_its_index(client, newsroom, feed_format):
    """The real code (Django 5.2 reads ``Feed.language`` as an attribute and printed a
    method's repr), and the index's, not the reader's: /en/ feeds are English."""
    from .builders import translate

    index, sari, budi, older, newer = newsroom
    translate(newer, title="Market Opens", slug="market-opens")
    feeds = {
        f"/berita/feed/{feed_format}/": "id",
        f"/berita/authors/sari-dewi/feed/{feed_format}/": "id",
        f"/berita/tags/pasar/feed/{feed_format}/": "id",
        f"/en/berita/feed/{feed_format}/": "en",
        f"/en/berita/authors/sari-dewi/feed/{feed_format}/": "en",
        f"/en/berita/tags/pasar/feed/{feed_format}/": "en",
    }
    for url, language in feeds.items():
        for reader in ("en", "id"):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=reader)
            assert response.status_code == 200, url
            assert feed_language(response.content, feed_format) == language, (url, reader)
    english = feedparser.parse(client.get(f"/en/berita/feed/{feed_format}/").content)
    assert [entry.title for entry in english.entries] == ["Market Opens"]


def test_a_tag_in_any_script_links_and_lists(client, newsroom):
    # taggit keeps letters of every script in a slug; the tag route accepted only
    # ASCII, so an article with such a tag answered 500 (NoReverseMatch).
    index, sari, *_ = newsroom
    article = make_article(index, "Cerita Yunani", authors=[sari], tags=["Ψυχή"])
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    link = next(a["href"] for a in page.select("a[href*='/tags/']") if "Ψυχή" in a.get_text())
    listing = client.get(link)
    assert listing.status_code == 200
    assert "Cerita Yunani" in listing.content.decode()
    assert client.get(f"{index.url}tags/%3Cscript%3E/").status_code == 404

