"""What readers see of comments: threads, pages, counts, their pending comment, no email."""

import hashlib
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsplugin.models import ArticleComment

from .builders import bulk_comments, comment_form_data, make_article, make_comment, make_index

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def tree(page):
    """[(text, [replies...])] of the comment list, as nested in the HTML."""

    def items(ol):
        result = []
        for li in ol.find_all("li", recursive=False):
            text = li.select_one(".np-comment__text").get_text(strip=True)
            replies = li.find("ol", class_="np-comment__replies", recursive=False)
            result.append((text, items(replies) if replies else []))
        return result

    ol = page.select_one("ol.np-comments__list")
    return items(ol) if ol else []


@pytest.fixture
def article():
    return make_article(make_index(), "Harga Beras")


def test_threads_nest_oldest_first(client, article):
    first = make_comment(article, "Satu")
    second = make_comment(article, "Dua")
    make_comment(article, "Satu-a", parent=first)
    reply = make_comment(article, "Satu-b", parent=first)
    make_comment(article, "Satu-b-i", parent=reply)
    make_comment(article, "Dua-a", parent=second)
    assert tree(soup(client.get(article.url))) == [
        ("Satu", [("Satu-a", []), ("Satu-b", [("Satu-b-i", [])])]),
        ("Dua", [("Dua-a", [])]),
    ]


def test_comment_times_follow_the_time_zone_being_shown_request_after_request(client, article):
    """A site that shows each reader their own time zone (timezone.activate() in a
    middleware) gets each comment's time in it, though dates are kept between requests."""
    make_comment(article, "Setuju.", submit_date=datetime(2026, 12, 1, 0, 30, tzinfo=UTC))
    zones = {
        "Asia/Jakarta": ("1 Des. 2026, 7.30", "2026-12-01T07:30:00+07:00"),
        "Asia/Jayapura": ("1 Des. 2026, 9.30", "2026-12-01T09:30:00+09:00"),
    }
    for zone in [*zones, *zones]:
        with timezone.override(ZoneInfo(zone)):
            time = soup(client.get(article.url)).select_one("ol.np-comments__list time")
        assert (time.get_text(), time["datetime"]) == zones[zone], zone


def test_only_approved_comments_show_and_replies_under_hidden_comments_are_hidden(client, article):
    shown = make_comment(article, "Terbit")
    make_comment(article, "Menunggu", approved=False)
    hidden_parent = make_comment(article, "Induk")
    make_comment(article, "Anak", parent=hidden_parent)
    hidden_parent.is_public = False
    hidden_parent.save()
    make_comment(article, "Dihapus", is_removed=True)
    make_comment(article, "Balasan menunggu", parent=shown, approved=False)
    assert tree(soup(client.get(article.url))) == [("Terbit", [])]


def test_approving_a_comment_does_not_publish_its_pending_replies(article):
    parent = make_comment(article, "Induk", approved=False)
    reply = make_comment(article, "Anak", approved=False, parent=parent)
    parent.is_public = True
    parent.save()
    reply.refresh_from_db()
    assert reply.is_public is False


def test_reply_links_stop_at_the_maximum_depth(client, article):
    one = make_comment(article, "1")
    two = make_comment(article, "2", parent=one)
    three = make_comment(article, "3", parent=two)
    page = soup(client.get(article.url))
    links = {a["href"] for a in page.select(".np-comment__reply")}
    assert links == {f"?reply_to={one.pk}#comment-form", f"?reply_to={two.pk}#comment-form"}
    assert f"?reply_to={three.pk}" not in str(page)


def test_reply_link_opens_the_form_for_a_reply(client, article):
    parent = make_comment(article, "Induk", name="Budi")
    page = soup(client.get(f"{article.url}?reply_to={parent.pk}"))
    form = page.select_one(".np-comment-form")
    assert "Budi" in form.select_one(".np-comment-form__replying").get_text()
    assert form.find("input", attrs={"name": "reply_to"})["value"] == str(parent.pk)


@pytest.mark.parametrize("value", ["abc", "999999", "-1", ""])
def test_bad_reply_to_parameter_gives_a_plain_form(client, article, value):
    page = soup(client.get(f"{article.url}?reply_to={value}"))
    assert page.find("input", attrs={"name": "reply_to"})["value"] == "0"


def test_threads_are_paginated_by_top_level_comment(client, article, settings):
    settings.NEWSPLUGIN_COMMENT_THREADS_PER_PAGE = 2
    for n in range(1, 6):
        parent = make_comment(article, f"Utas {n}")
        make_comment(article, f"Balasan {n}", parent=parent)
    first = soup(client.get(article.url))
    assert [text for text, _ in tree(first)] == ["Utas 1", "Utas 2"]
    assert first.select_one(".np-comments__pages a[rel=next]")["href"] == (
        "?comment-page=2#comments"
    )
    third = soup(client.get(f"{article.url}?comment-page=3"))
    assert tree(third) == [("Utas 5", [("Balasan 5", [])])]


@pytest.mark.parametrize("value", ["0", "-2", "abc", "99", "1e9", "%00"])
def test_bad_page_values_give_a_sane_page(client, article, settings, value):
    settings.NEWSPLUGIN_COMMENT_THREADS_PER_PAGE = 1
    make_comment(article, "A")
    make_comment(article, "B")
    assert len(tree(soup(client.get(f"{article.url}?comment-page={value}")))) == 1


def test_approved_counts_on_the_article_and_in_listings(client, article):
    index = article.get_parent()
    parent = make_comment(article)
    make_comment(article, parent=parent)
    make_comment(article, approved=False)
    heading = soup(client.get(article.url)).select_one("#np-comments-heading").get_text()
    assert re.search(r"\(2\)", heading)
    card = soup(client.get(index.url)).select_one(".np-card__comments")
    assert re.search(r"\(2\)", card.get_text())


def test_query_count_is_the_same_for_1_and_many_comments_and_one_fewer_for_none(client, settings):
    settings.NEWSPLUGIN_COMMENT_THREADS_PER_PAGE = 50
    index = make_index()
    empty = make_article(index, "Kosong")
    quiet = make_article(index, "Sepi")
    make_comment(quiet)
    busy = make_article(index, "Ramai")
    bulk_comments(busy, 5000)
    assert busy.url and ArticleComment.objects.for_article(busy).approved().count() == 5000
    client.get(empty.url)  # warm caches: site root, content types
    counts = []
    for page in (empty, quiet, busy):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200
        counts.append(len(queries))
    # With no comment there are no threads to load.
    assert counts == [counts[1] - 1, counts[1], counts[1]]
    # And the page shows 50 threads of four.
    assert len(tree(soup(client.get(busy.url)))) == 50


def test_pending_comment_is_shown_only_to_its_author(client, article):
    response = client.post("/comments/post/", comment_form_data(article, comment="Menunggu saya"))
    assert response.status_code == 303
    mine = client.get(article.url)
    page = soup(mine)
    pending = page.select_one(".np-comments__pending")
    assert pending.select_one(".np-comments__pending-notice").get_text() in {
        "Your comment is awaiting moderation",
        "Komentar Anda sedang menunggu moderasi",
    }
    assert "Menunggu saya" in pending.get_text()
    assert "private" in mine["Cache-Control"] and "no-store" in mine["Cache-Control"]

    other = Client().get(article.url)
    assert b"Menunggu saya" not in other.content
    assert b"np-comments__pending" not in other.content
    assert "private" not in other.get("Cache-Control", "")


def test_pending_preview_disappears_once_approved(client, article):
    client.post("/comments/post/", comment_form_data(article, comment="Sekarang terbit"))
    ArticleComment.objects.update(is_public=True)
    page = soup(client.get(article.url))
    assert page.select_one(".np-comments__pending") is None
    assert tree(page) == [("Sekarang terbit", [])]


def digests(email):
    raw = email.strip().lower().encode()
    return [email, email.lower()] + [
        hashlib.new(name, raw).hexdigest() for name in ("md5", "sha1", "sha256")
    ]


def test_email_and_its_hashes_are_in_no_public_response(client, article):
    email = "Canary.Reader+42@Example.com"
    parent = make_comment(article, "Terbit", email=email, url="https://sari.example.com/")
    make_comment(article, "Balasan", email=email, parent=parent)
    client.post("/comments/post/", comment_form_data(article, email=email, reply_to=parent))
    index = article.get_parent()
    urls = [article.url, f"{article.url}?reply_to={parent.pk}", index.url, "/comments/post/"]
    for url in urls:
        body = client.get(url).content.decode().lower()
        for secret in digests(email):
            assert secret.lower() not in body, (url, secret)
        assert "mailto:" not in body
        assert "gravatar" not in body


def test_xtd_rest_api_is_not_mounted(client, article):
    comment = make_comment(article)
    for url in (
        "/comments/api/comment/",
        f"/comments/api/newsplugin-articlepage/{article.pk}/",
        f"/comments/api/{comment.pk}/",
        "/comments/sent/",
        f"/comments/reply/{comment.pk}/",
    ):
        assert client.get(url).status_code == 404, url


def test_commenter_website_is_a_safe_link(client, article):
    make_comment(article, name="Sari", url="https://sari.example.com/")
    make_comment(article, name="Budi", url="javascript:alert(1)")
    page = soup(client.get(article.url))
    links = page.select(".np-comment__author a")
    assert [(a.get_text(), a["href"], a["rel"]) for a in links] == [
        ("Sari", "https://sari.example.com/", ["nofollow", "ugc", "noopener"])
    ]


def test_hostile_names_render_as_text(client, article):
    make_comment(article, name='<img src=x onerror=alert(1)>"', text="<b>halo</b>")
    page = soup(client.get(article.url))
    author = page.select_one(".np-comment__author")
    assert author.find("img") is None
    assert author.get_text() == '<img src=x onerror=alert(1)>"'
    assert page.select_one(".np-comment__text b").get_text() == "halo"


OVERRIDDEN_COMMENT = (
    '<div class="site-comment" data-id="{{ comment.pk }}"><b>{{ comment.user_name }}</b>'
    '{% if comment.website %} <a class="site-web" href="{{ comment.website }}">web</a>{% endif %}'
    "{{ comment.html }}"
    '{% if comment.can_reply %}<a class="site-reply" href="?reply_to={{ comment.pk }}">'
    "Reply</a>{% endif %}</div>"
)


def test_a_site_overrides_one_template_for_every_comment_in_threads(client, settings, article):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "APP_DIRS": False,
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"newsplugin/comments/comment.html": OVERRIDDEN_COMMENT},
                    ),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]
    parent = make_comment(
        article, "Induk {braces}", name="<Budi & Ani>", url="https://budi.id/?a=1&b=2"
    )
    reply = make_comment(article, "Balasan", name="Citra", parent=parent, url="javascript:x()")

    page = soup(client.get(article.url))

    comments = page.select("ol.np-comments__list .site-comment")
    assert [c["data-id"] for c in comments] == [str(parent.pk), str(reply.pk)]
    assert [c.b.get_text() for c in comments] == ["<Budi & Ani>", "Citra"]
    assert [a["href"] for a in page.select(".site-web")] == ["https://budi.id/?a=1&b=2"]
    assert comments[0].get_text().startswith("<Budi & Ani> webInduk {braces}")
    assert [a["href"] for a in page.select(".site-reply")] == [
        f"?reply_to={parent.pk}",
        f"?reply_to={reply.pk}",
    ]
    assert page.select(".np-comment__body") == []
