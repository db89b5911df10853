"""Two editions of one site: Indonesian at unprefixed addresses, English under /en/.

Every page speaks its own locale's language (strings, dates, the reply form, the
photo credit), links its translations (the switcher, hreflang), and says its
language wherever it is read: JSON-LD, Open Graph, sitemaps, the API and the
mail about it. Comments belong to the translation they were posted on.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from wagtail.models import Locale

from newsplugin.models import ArticleComment, FrontPage
from newsplugin.moderation.decisions import decide

from .builders import (
    comment_form_data,
    make_article,
    make_author,
    make_comment,
    make_image,
    make_index,
    translate,
    translate_author,
)
from .test_sitemaps import NS, parse

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def edition():
    """An Indonesian article by Sari with its English translation (and so an English
    home page and news index), and an Indonesian article that has none."""
    index = make_index()
    sari = make_author("Sari Dewi", bio="Wartawan kota.")
    article = make_article(
        index,
        "Pasar Dibuka",
        authors=[sari],
        standfirst="Pedagang kembali berjualan.",
        lead_image=make_image(),
        lead_image_alt="Kios",
        lead_image_credit="Rina/Antara",
    )
    article.date = datetime(2026, 11, 30, 7, 30, tzinfo=JAKARTA)
    article.save_revision().publish()
    english = translate(
        article, title="Market Reopens", slug="market-reopens",
        standfirst="Traders are back.", lead_image_alt="Stalls",
    )
    alone = make_article(index, "Hanya Bahasa Indonesia", authors=[sari])
    return {"index": index, "sari": sari, "article": article, "english": english,
            "alone": alone}


def test_the_translation_lives_under_en(edition):
    assert edition["article"].url == "/berita/pasar-dibuka/"
    assert edition["english"].url == "/en/berita/market-reopens/"
    assert edition["english"].locale.language_code == "en"


@pytest.mark.parametrize(
    "which, language, credit, date, heading",
    [
        ("article", "id", "(Foto: Rina/Antara)", "30 Nov. 2026, 7.30", "Tinggalkan Balasan"),
        ("english", "en", "(Photo: Rina/Antara)", "30 Nov 2026, 07:30", "Leave a Reply"),
    ],
)
def test_each_edition_speaks_its_own_language(client, edition, which, language, credit, date,
                                              heading):
    response = client.get(edition[which].url)
    page = soup(response)
    assert page.html["lang"] == language
    assert response["Content-Language"] == language
    assert page.select_one(".np-credit").get_text(strip=True) == credit
    assert page.select_one(".np-byline time").get_text() == date
    assert page.select_one(".np-comment-form h2").get_text() == heading


def test_comments_speak_each_editions_language_request_after_request(client, edition):
    """Comment markup and dates are kept from request to request: per language."""
    bylines = {"article": "30 Nov. 2026, 7.30", "english": "30 Nov 2026, 07:30"}
    posted = datetime(2026, 12, 1, 7, 30, tzinfo=JAKARTA)
    for which in ("article", "english"):
        make_comment(edition[which], "Setuju.", name="Budi", submit_date=posted)
    expected = {
        "article": ("Balas", "1 Des. 2026, 7.30"),
        "english": ("Reply", "1 Dec 2026, 07:30"),
    }
    for which in ("article", "english", "article", "english"):
        page = soup(client.get(edition[which].url))
        comment = page.select_one("ol.np-comments__list .np-comment")
        reply = comment.select_one(".np-comment__reply").get_text()
        assert (reply, comment.select_one("time").get_text()) == expected[which], which
        assert comment.select_one("time")["datetime"] == "2026-12-01T07:30:00+07:00"
        assert page.select_one(".np-byline time").get_text() == bylines[which]


def test_an_english_reader_header_changes_nothing_an_address_names_its_language(client, edition):
    for headers in ({"HTTP_ACCEPT_LANGUAGE": "en"}, {"HTTP_COOKIE": "django_language=en"}):
        assert soup(client.get(edition["article"].url, **headers)).html["lang"] == "id"
    assert soup(client.get(edition["english"].url, HTTP_ACCEPT_LANGUAGE="id")).html["lang"] == "en"


def switcher(page):
    return {
        item.get("lang"): (item.get("href"), item.name)
        for item in page.select(".np-languages li > *")
    }


def test_the_switcher_goes_to_the_translation_else_to_that_languages_home(client, edition):
    on_indonesian = switcher(soup(client.get(edition["article"].url)))
    assert on_indonesian == {"id": (None, "span"), "en": (edition["english"].url, "a")}
    on_english = switcher(soup(client.get(edition["english"].url)))
    assert on_english == {"id": (edition["article"].url, "a"), "en": (None, "span")}
    # No English version: the English home page.
    assert switcher(soup(client.get(edition["alone"].url)))["en"] == ("/en/", "a")
    # The index and the home page have translations of their own.
    assert switcher(soup(client.get("/en/berita/")))["id"] == ("/berita/", "a")


def test_a_translation_readers_cannot_see_is_not_linked(client, edition):
    from wagtail.models import PageViewRestriction

    english = edition["english"]
    url = edition["article"].url

    def links():
        page = soup(client.get(url))
        return switcher(page)["en"], page.select("link[hreflang]")

    english.unpublish()
    assert links() == (("/en/", "a"), [])
    english.save_revision().publish()
    assert links()[0] == (english.url, "a")
    # Published, but in a section only some readers may see.
    PageViewRestriction.objects.create(
        page=english.get_parent(), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert links() == (("/en/", "a"), [])


def test_the_switcher_names_each_language_in_itself(client, edition):
    page = soup(client.get(edition["article"].url))
    names = {item["lang"]: item.get_text() for item in page.select(".np-languages li > *")}
    assert names == {"id": "Bahasa Indonesia", "en": "English"}
    assert page.select_one(".np-languages a")["hreflang"] == "en"


def test_translations_link_each_other_with_hreflang_and_x_default(client, edition):
    expected = {
        "id": "http://localhost/berita/pasar-dibuka/",
        "en": "http://localhost/en/berita/market-reopens/",
        "x-default": "http://localhost/berita/pasar-dibuka/",
    }
    for which in ("article", "english"):
        page = soup(client.get(edition[which].url))
        links = page.select('link[rel="alternate"][hreflang]')
        assert {link["hreflang"]: link["href"] for link in links} == expected
    # A page without a translation claims none.
    assert not soup(client.get(edition["alone"].url)).select("link[hreflang]")


def test_structured_data_and_open_graph_state_the_article_language(client, edition):
    import json

    for which, language in (("article", "id"), ("english", "en")):
        page = soup(client.get(edition[which].url, HTTP_ACCEPT_LANGUAGE="en"))
        data = json.loads(page.select_one('script[type="application/ld+json"]').string)
        assert data["inLanguage"] == language
        assert page.select_one('meta[property="og:locale"]')["content"] == language


def test_english_pages_show_the_authors_english_version(client, edition):
    translate_author(edition["sari"], name="Sari Dewi", bio="City reporter.")
    page = soup(client.get(edition["english"].url))
    (byline,) = page.select(".np-byline a[rel=author]")
    assert byline["href"] == "/en/berita/authors/sari-dewi/"
    archive = soup(client.get(byline["href"]))
    assert archive.select_one(".np-author__bio").get_text() == "City reporter."
    # The English archive lists the English edition's articles, whichever row they name.
    assert [a.get_text() for a in archive.select(".np-card__title a")] == ["Market Reopens"]
    indonesian = soup(client.get("/berita/authors/sari-dewi/"))
    assert indonesian.select_one(".np-author__bio").get_text() == "Wartawan kota."
    assert "Market Reopens" not in indonesian.get_text()


def test_more_from_author_stays_in_the_page_language(client, edition):
    other = make_article(edition["index"], "Banjir Surut", authors=[edition["sari"]], days_ago=1)
    translate(other, title="Flood Waters Recede", slug="flood-waters-recede")
    english = soup(client.get(edition["english"].url))
    assert [a.get_text() for a in english.select(".np-more a")] == ["Flood Waters Recede"]
    indonesian = soup(client.get(edition["article"].url))
    assert "Flood Waters Recede" not in indonesian.select_one(".np-more").get_text()


def test_comments_belong_to_their_translation(client, edition):
    make_comment(edition["article"], "Akhirnya dibuka.")
    make_comment(edition["english"], "Finally open.")
    indonesian = soup(client.get(edition["article"].url)).select_one(".np-comments")
    english = soup(client.get(edition["english"].url)).select_one(".np-comments")
    assert "Akhirnya dibuka." in indonesian.get_text() and "Finally" not in indonesian.get_text()
    assert "Finally open." in english.get_text() and "Akhirnya" not in english.get_text()


def test_a_comment_on_the_english_article_is_answered_in_english(client, edition):
    response = client.post("/comments/post/", comment_form_data(edition["english"], name=""))
    page = soup(response)
    assert page.html["lang"] == "en"
    assert "This field is required." in page.select_one(".np-comment-form").get_text()

    posted = client.post("/comments/post/", comment_form_data(edition["english"]))
    assert posted.status_code == 303
    assert posted["Location"] == "/en/berita/market-reopens/#comments"
    after = soup(client.get(posted["Location"]))
    assert after.select_one(".np-comments__pending-notice").get_text() == (
        "Your comment is awaiting moderation"
    )


@pytest.mark.parametrize(
    "which, subject",
    [
        ("english", "New reply to your comment on “Market Reopens”"),
        ("article", "Balasan baru untuk komentar Anda pada “Pasar Dibuka”"),
    ],
)
def test_a_reader_hears_of_replies_in_the_language_of_the_article(
    edition, which, subject
):
    from newsplugin.comments.notifications import notify_reply

    article = edition[which]
    parent = make_comment(article, "Kapan?", email="sari@example.com", notify_replies=True)
    reply = make_comment(article, "Besok.", approved=False, parent=parent, name="Budi",
                         email="budi@example.com")
    decide([reply.pk], "approve", None)
    assert notify_reply.call(reply.pk) == 1
    (message,) = [m for m in mail.outbox if m.to == ["sari@example.com"]]
    assert message.subject == subject


def test_the_unsubscribe_page_speaks_the_article_language(client, edition):
    from newsplugin.comments.notifications import unsubscribe_token

    comment = make_comment(edition["english"], "Hi.", notify_replies=True)
    page = soup(client.get(f"/comments/unsubscribe/{unsubscribe_token(comment)}/"))
    assert page.html["lang"] == "en"


def test_the_front_page_translation_shows_its_own_language(client, edition):
    home = edition["index"].get_parent()
    front = FrontPage(title="Depan", slug="depan", news_index=edition["index"],
                      lead_story=edition["article"])
    home.add_child(instance=front)
    front.save_revision().publish()
    index = FrontPage.objects.get(pk=front.pk)
    english_front = translate(index, title="Front", slug="front")
    page = soup(client.get(english_front.url))
    # The original's choices, in English: the lead is the lead's translation.
    assert page.select_one(".np-front__lead-title").get_text(strip=True) == "Market Reopens"
    assert "Hanya Bahasa Indonesia" not in page.get_text()


def test_the_news_sitemap_gives_each_article_its_own_language(client, edition):
    fresh = make_article(edition["index"], "Jembatan Dibuka")
    translate(fresh, title="Bridge Opens", slug="bridge-opens")
    root = parse(client, "/news-sitemap.xml")
    languages = {
        url.find("s:loc", NS).text: url.find("news:news/news:publication/news:language", NS).text
        for url in root.findall("s:url", NS)
    }
    assert languages == {
        "http://localhost/berita/jembatan-dibuka/": "id",
        "http://localhost/en/berita/bridge-opens/": "en",
        "http://localhost/berita/hanya-bahasa-indonesia/": "id",
    }


def test_the_sitemap_lists_both_editions_with_their_alternates(client, edition):
    root = parse(client, "/sitemap.xml")
    urls = {url.find("s:loc", NS).text: url for url in root.findall("s:url", NS)}
    assert "http://localhost/en/berita/market-reopens/" in urls
    assert "http://localhost/en/" in urls
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in urls["http://localhost/en/berita/market-reopens/"].findall("x:link", NS)
    }
    assert alternates == {
        "id": "http://localhost/berita/pasar-dibuka/",
        "en": "http://localhost/en/berita/market-reopens/",
        "x-default": "http://localhost/berita/pasar-dibuka/",
    }
    assert not urls["http://localhost/berita/hanya-bahasa-indonesia/"].findall("x:link", NS)


def test_the_api_filters_by_locale_and_names_authors_in_it(client, edition):
    english_sari = translate_author(edition["sari"], name="Sari Dewi (EN)")
    response = client.get(
        "/api/v2/pages/", {"type": "newsplugin.ArticlePage", "fields": "*", "locale": "en"}
    )
    (item,) = response.json()["items"]
    assert item["id"] == edition["english"].pk
    assert item["meta"]["locale"] == "en"
    assert item["authors"] == [{"id": english_sari.pk, "name": "Sari Dewi (EN)",
                                "slug": "sari-dewi"}]
    everything = client.get("/api/v2/pages/", {"type": "newsplugin.ArticlePage"}).json()
    assert everything["meta"]["total_count"] == 3


def test_search_finds_the_articles_of_the_addresss_language(client, edition):
    english = soup(client.get("/en/search/", {"q": "market"}))
    assert english.html["lang"] == "en"
    assert [a.get_text() for a in english.select(".np-card__title a")] == ["Market Reopens"]
    indonesian = soup(client.get("/search/", {"q": "pasar"}))
    assert [a.get_text() for a in indonesian.select(".np-card__title a")] == ["Pasar Dibuka"]
    assert switcher(english)["id"] == ("/search/?q=market", "a")


def test_a_language_without_a_home_page_falls_back_to_the_page_itself(client):
    """/en/… on a site with no English tree: Wagtail serves the Indonesian page, which
    still speaks Indonesian (and says so)."""
    Locale.objects.get_or_create(language_code="en")
    article = make_article(make_index(), "Pasar Dibuka")
    response = client.get("/en" + article.url)
    assert response["Content-Language"] == "id"
    assert soup(response).html["lang"] == "id"


def test_an_author_slug_may_repeat_across_languages_only(client, edition):
    from django.core.exceptions import ValidationError

    english = translate_author(edition["sari"])
    assert english.slug == edition["sari"].slug
    twin = make_author("Sari Lain", slug="sari-lain")
    twin.slug = "sari-dewi"
    with pytest.raises(ValidationError):
        twin.full_clean()
    assert ArticleComment.objects.count() == 0


def test_editors_translate_articles_and_authors_in_the_admin(admin_client, edition):
    """wagtail.contrib.simple_translation: a copy in English, in draft, for an editor."""
    from django.urls import reverse

    from newsplugin.models import Author

    english = Locale.objects.get(language_code="en")
    url = reverse("simple_translation:submit_snippet_translation",
                  args=["newsplugin", "author", edition["sari"].pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"locales": [english.pk]})
    assert response.status_code == 302
    copy = Author.objects.get(locale=english)
    assert copy.translation_key == edition["sari"].translation_key
    assert copy.slug == "sari-dewi"

    url = reverse("simple_translation:submit_page_translation", args=[edition["alone"].pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"locales": [english.pk]}).status_code == 302
    draft = edition["alone"].get_translation(english)
    assert not draft.live and draft.get_parent().locale == english
    # The admin lists authors of both languages, and edits either.
    listing = admin_client.get(reverse("wagtailsnippets_newsplugin_author:list"))
    assert listing.status_code == 200
    edit = reverse("wagtailsnippets_newsplugin_author:edit", args=[copy.pk])
    assert admin_client.get(edit).status_code == 200
