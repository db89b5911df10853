"""The front page: editors' lead and secondary stories, each section's newest, most commented."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Site

from newsplugin.models import ArticleComment, FrontPage

from .builders import make_article, make_comment, make_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def front():
    page = FrontPage(title="Kabar Nusantara", slug="depan", secondary_count=2, section_count=2)
    Page.get_first_root_node().add_child(instance=page)
    Site.objects.filter(is_default_site=True).update(root_page=page)
    return page


def newsroom(front, sections=("Kota", "Ekonomi"), per_section=3):
    berita = make_index(parent=front)
    days = iter(range(1, 1000))
    made = {"berita": [make_article(berita, "Di Berita", days_ago=next(days))]}
    for title in sections:
        section = make_index(title, title.lower(), parent=berita)
        made[title] = [
            make_article(section, f"{title} {n}", days_ago=next(days)) for n in range(per_section)
        ]
    return berita, made


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def titles(articles):
    return [a.title for a in articles]


def test_without_choices_the_newest_lead_and_fill_the_secondary_places(front):
    _berita, _made = newsroom(front)
    stories = front.get_front_page()
    assert stories["lead"].title == "Di Berita"
    assert titles(stories["secondary"]) == ["Kota 0", "Kota 1"]


def test_editors_choose_the_lead_and_the_order_of_secondary_stories(front):
    _berita, made = newsroom(front)
    front.lead_story = made["Ekonomi"][2]
    front.featured_stories = [("article", made["Kota"][2]), ("article", made["Ekonomi"][2])]
    front.save()

    stories = front.get_front_page()

    assert stories["lead"].title == "Ekonomi 2"
    # The lead is not repeated; the newest fills the place it leaves.
    assert titles(stories["secondary"]) == ["Kota 2", "Di Berita"]


def test_a_chosen_story_that_goes_offline_is_replaced_by_the_newest(front):
    _berita, made = newsroom(front)
    front.lead_story = made["Kota"][1]
    front.save()
    made["Kota"][1].unpublish()

    stories = front.get_front_page()

    assert stories["lead"].title == "Di Berita"
    assert "Kota 1" not in titles(stories["secondary"])


def test_each_section_shows_its_newest_not_already_on_top(front):
    berita, made = newsroom(front, per_section=4)
    lingkungan = make_index("Lingkungan", "lingkungan", parent=made["Kota"][0].get_parent())
    make_article(lingkungan, "Lingkungan 0", days_ago=0)

    sections = front.get_front_page()["sections"]

    # Lead: Lingkungan 0 (newest); secondary: Di Berita, Kota 0. A nested section's
    # article belongs to the section above it.
    assert [(s.title, titles(a)) for s, a in sections] == [
        ("Kota", ["Kota 1", "Kota 2"]),
        ("Ekonomi", ["Ekonomi 0", "Ekonomi 1"]),
    ]


def test_most_commented_counts_the_last_days_only(front):
    _berita, made = newsroom(front)
    busy, quiet, old = made["Kota"][0], made["Ekonomi"][0], made["Ekonomi"][1]
    for _ in range(3):
        make_comment(busy, "Ramai")
    make_comment(quiet, "Sepi")
    make_comment(quiet, "Menunggu", approved=False)
    stale = make_comment(old, "Lama")
    for _ in range(4):
        make_comment(old, "Lama juga")
    ArticleComment.objects.filter(object_pk=str(old.pk)).update(
        submit_date=timezone.now() - timedelta(days=10)
    )
    assert stale.pk

    most = front.get_front_page()["most_commented"]

    assert [(a.title, a.recent_comments) for a in most] == [("Kota 0", 3), ("Ekonomi 0", 1)]


def test_the_front_page_costs_the_same_queries_for_more_sections_and_stories(client, front):
    newsroom(front, sections=("Kota",), per_section=2)
    soup(client.get("/"))  # the site's settings rows are made on the first view
    with CaptureQueriesContext(connection) as small:
        soup(client.get("/"))
    for title in ("Budaya", "Olahraga", "Pendidikan"):
        section = make_index(title, title.lower(), parent=front.get_children().first())
        for n in range(4):
            article = make_article(section, f"{title} {n}")
            make_comment(article, "Komentar")
    with CaptureQueriesContext(connection) as large:
        page = soup(client.get("/"))

    assert len(page.select(".np-front__section")) == 4
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_front_page_shows_lead_sections_and_most_commented(client, front):
    _berita, made = newsroom(front)
    make_comment(made["Kota"][1], "Ramai")

    page = soup(client.get("/"))

    assert page.select_one(".np-front__lead-title").get_text(strip=True) == "Di Berita"
    assert [h.get_text(strip=True) for h in page.select(".np-front__section > h2")] == [
        "Kota",
        "Ekonomi",
    ]
    assert page.select_one(".np-front__section > h2 a")["href"] == "/berita/kota/"
    most = page.select_one(".np-front__most-commented li a")
    assert most.get_text() == "Kota 1" and most["href"].endswith("/berita/kota/kota-1/#comments")


def test_the_front_page_is_cached_and_purged_when_an_article_is_published(
    client, settings, front, django_capture_on_commit_callbacks
):
    settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 60
    berita, _made = newsroom(front)
    assert client.get("/")["X-Newsplugin-Cache"] == "miss"
    assert client.get("/")["X-Newsplugin-Cache"] == "hit"

    fresh = make_article(berita.get_children().first().specific, "Baru Terbit", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        fresh.save_revision().publish()

    response = client.get("/")
    assert response["X-Newsplugin-Cache"] == "miss"
    assert "Baru Terbit" in response.content.decode()
