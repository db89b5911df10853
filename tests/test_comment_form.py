"""Posting a reply: what is refused, with which message, and that nothing half-stored remains."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from newsplugin.comments.forms import ArticleCommentForm
from newsplugin.models import ArticleComment

from .builders import comment_form_data, make_article, make_author, make_comment, make_index

# Every refusal here is the client's fault: the server log must hold no traceback.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "no_traceback_in_the_log")]

POST_URL = "/comments/post/"


@pytest.fixture
def article():
    return make_article(make_index(), "Banjir Surut", authors=[make_author("Sari")])


def post(client, article, **fields):
    return client.post(POST_URL, comment_form_data(article, **fields))


def field_errors(response):
    assert response.status_code == 200, response.status_code
    page = BeautifulSoup(response.content, "html.parser")
    return {
        error.find_previous("label")["for"].removeprefix("id_"): error.get_text()
        for error in page.select(".np-field__error")
    }


def form_errors(response):
    page = BeautifulSoup(response.content, "html.parser")
    return " ".join(p.get_text() for p in page.select(".np-comment-form .np-form-error"))


def test_a_valid_comment_is_held_and_the_reader_redirected(client, article):
    response = post(client, article, comment="Airnya sudah surut di <b>Kampung Melayu</b>.")
    assert response.status_code == 303
    assert response["Location"] == f"{article.url}#comments"
    comment = ArticleComment.objects.get()
    assert comment.is_public is False
    assert comment.comment == "Airnya sudah surut di <b>Kampung Melayu</b>."
    assert comment.comment_html == "<p>Airnya sudah surut di <b>Kampung Melayu</b>.</p>"
    assert comment.user_email == "sari.pembaca@example.com"
    assert comment.content_object == article


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 51}, "name"),
        ({"name": "Sari\u202eatep"}, "name"),
        ({"name": "Sari\nBaris"}, "name"),
        ({"email": ""}, "email"),
        ({"email": "bukan-email"}, "email"),
        ({"email": "a@" + "b" * 250 + ".com"}, "email"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "ftp://files.example.com/"}, "url"),
        ({"url": "data:text/html,hi"}, "url"),
        ({"url": "https://example.com/" + "a" * 200}, "url"),
        ({"comment": ""}, "comment"),
        ({"comment": "   \n  "}, "comment"),
        ({"comment": "<script>alert(1)</script>"}, "comment"),
        ({"comment": "<p></p><br>"}, "comment"),
        ({"comment": "x" * 3001}, "comment"),
        ({"comment": "nul\x00byte"}, "comment"),
        ({"name": "nul\x00byte"}, "name"),
        ({"comment": "bell\x07char"}, "comment"),
        ({"name": "esc\x1bchar"}, "name"),
    ],
)
def test_bad_fields_are_form_errors_and_the_text_is_kept(client, article, fields, field):
    response = post(client, article, **fields)
    errors = field_errors(response)
    assert field in errors and errors[field]
    assert not ArticleComment.objects.exists()
    form = BeautifulSoup(response.content, "html.parser").select_one(".np-comment-form form")
    typed = comment_form_data(article, **fields)
    if field != "comment":
        assert form.find("textarea")["name"] == "comment"
        assert form.find("textarea").get_text().strip() == typed["comment"]
    if field != "name" and "\x00" not in typed["name"]:
        assert form.find("input", attrs={"name": "name"})["value"] == typed["name"]


def test_comment_length_is_a_setting(client, article, settings):
    settings.NEWSPLUGIN_COMMENT_MAX_LENGTH = 20
    assert "comment" in field_errors(post(client, article, comment="x" * 21))
    assert post(client, article, comment="x" * 20).status_code == 303


def test_website_is_optional_and_http_or_https(client, article):
    assert post(client, article, url="https://blog.example.com/sari").status_code == 303
    assert ArticleComment.objects.get().user_url == "https://blog.example.com/sari"


@pytest.mark.parametrize(
    "make_reply_to, message",
    [
        (lambda article: 999_999, "not available"),
        (lambda article: make_comment(article, approved=False), "not available"),
        (lambda article: make_comment(article, is_removed=True), "not available"),
        (
            lambda article: make_comment(make_article(article.get_parent(), "Lain")),
            "not available",
        ),
        (
            lambda article: make_comment(
                article, parent=make_comment(article, parent=make_comment(article))
            ),
            "as deep as it can go",
        ),
    ],
    ids=["missing", "pending", "removed", "other-article", "too-deep"],
)
def test_bad_reply_targets_are_form_errors_not_500_or_orphans(
    client, article, make_reply_to, message
):
    target = make_reply_to(article)
    before = ArticleComment.objects.count()
    response = post(client, article, reply_to=target)
    assert response.status_code == 200
    assert message in form_errors(response)
    assert ArticleComment.objects.count() == before


def test_reply_to_is_a_number(client, article):
    response = post(client, article, reply_to="abc")
    assert response.status_code == 200
    assert not ArticleComment.objects.exists()


def test_a_reply_joins_its_parents_thread(client, article):
    parent = make_comment(article)
    assert post(client, article, reply_to=parent).status_code == 303
    reply = ArticleComment.objects.exclude(pk=parent.pk).get()
    assert (reply.parent_id, reply.thread_id, reply.level) == (parent.pk, parent.pk, 1)


def test_max_depth_is_a_setting(client, article, settings):
    settings.NEWSPLUGIN_COMMENT_MAX_DEPTH = 1
    parent = make_comment(article)
    response = post(client, article, reply_to=parent)
    assert "as deep as it can go" in form_errors(response)


def test_forged_security_hash_is_refused(client, article):
    response = post(client, article, security_hash="0" * 40)
    assert response.status_code == 400
    assert "could not be verified" in form_errors(response)
    assert not ArticleComment.objects.exists()
    # The reader's words come back in a fresh form.
    form = BeautifulSoup(response.content, "html.parser").select_one(".np-comment-form form")
    assert "Liputan yang bagus" in form.find("textarea").get_text()


def test_security_hash_cannot_be_moved_to_another_article(client, article):
    other = make_article(article.get_parent(), "Lain")
    data = comment_form_data(other)
    data["object_pk"] = str(article.pk)
    assert client.post(POST_URL, data).status_code == 400
    assert not ArticleComment.objects.exists()


def test_expired_timestamp_is_refused(client, article):
    two_hours_ago = int((timezone.now() - timedelta(hours=2, minutes=1)).timestamp())
    data = comment_form_data(article)
    form = ArticleCommentForm(article)
    data["timestamp"] = str(two_hours_ago)
    data["security_hash"] = form.generate_security_hash(
        data["content_type"], data["object_pk"], data["timestamp"]
    )
    assert client.post(POST_URL, data).status_code == 400
    assert not ArticleComment.objects.exists()


def test_filled_honeypot_is_refused(client, article):
    assert post(client, article, honeypot="http://spam.example.com").status_code == 400
    assert not ArticleComment.objects.exists()


def form_fields(response):
    page = BeautifulSoup(response.content, "html.parser")
    form = page.select_one("form[data-token-url]")
    data = {field["name"]: field.get("value", "") for field in form.select("input")}
    data["comment"] = form.select_one("textarea").get_text()
    return form, data


def test_shared_article_page_carries_no_token_and_sets_no_cookie(article):
    response = Client(enforce_csrf_checks=True).get(article.url)
    form, data = form_fields(response)
    assert "csrfmiddlewaretoken" not in data
    assert not response.cookies
    assert form["data-token-url"] == f"/comments/token/?object_pk={article.pk}"


def test_missing_csrf_token_is_refused_and_the_words_come_back(article):
    client = Client(enforce_csrf_checks=True)
    client.get(article.url)
    response = client.post(
        POST_URL, comment_form_data(article, comment="Kata-kata saya yang panjang.")
    )
    assert response.status_code == 403
    assert not ArticleComment.objects.exists()
    form, data = form_fields(response)
    assert data["comment"].strip() == "Kata-kata saya yang panjang."
    assert data["name"] == "Sari Pembaca"
    # The form sent back carries a token: sending it again works.
    assert data["csrfmiddlewaretoken"]
    assert client.post(POST_URL, data).status_code == 303
    assert ArticleComment.objects.count() == 1


def test_token_endpoint_gives_what_the_script_fills_in(article):
    client = Client(enforce_csrf_checks=True)
    _, data = form_fields(client.get(article.url))
    token = client.get("/comments/token/", {"object_pk": article.pk})
    assert token.status_code == 200
    assert "no-store" in token["Cache-Control"] and "private" in token["Cache-Control"]
    data.update(token.json())
    data.update(name="Budi", email="budi@example.com", comment="Setuju.")
    assert client.post(POST_URL, data).status_code == 303
    assert ArticleComment.objects.count() == 1


@pytest.mark.parametrize("query", [{}, {"object_pk": "x"}, {"object_pk": "999999"}])
def test_token_endpoint_refuses_what_is_not_an_article(client, article, query):
    assert client.get("/comments/token/", query).status_code == 404


def test_token_endpoint_refuses_closed_articles(client, article):
    article.comments_open = False
    article.save()
    assert client.get("/comments/token/", {"object_pk": article.pk}).status_code == 404


def test_get_is_not_allowed(client):
    assert client.get(POST_URL).status_code == 405


def refused(response, status):
    assert response.status_code == status
    assert not ArticleComment.objects.exists()
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_closed_article_refuses_comments_and_hides_the_form(client, article):
    article.comments_open = False
    article.save()
    assert "closed" in refused(post(client, article), 403)
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert page.select_one(".np-comment-form") is None
    assert page.select_one(".np-comments__closed")


def test_comments_close_after_n_days(client, settings):
    index = make_index()
    old = make_article(index, "Lama", days_ago=10, comments_close_after_days=7)
    recent = make_article(index, "Baru", days_ago=3, comments_close_after_days=7)
    refused(post(client, old), 403)
    assert post(client, recent).status_code == 303


def test_site_default_closes_after_n_days(client, settings):
    settings.NEWSPLUGIN_COMMENTS_CLOSE_AFTER_DAYS = 5
    old = make_article(make_index(), "Lama", days_ago=6)
    refused(post(client, old), 403)
    old.comments_close_after_days = 30
    old.save()
    assert post(client, old).status_code == 303


def test_article_dated_in_the_future_does_not_break(client):
    future = make_article(make_index(), "Nanti", days_ago=-3, comments_close_after_days=1)
    assert client.get(future.url).status_code == 200
    assert post(client, future).status_code == 303
    assert future.comments_are_open()


def test_draft_article_refuses_comments(client):
    draft = make_article(make_index(), "Draf", live=False)
    refused(post(client, draft), 404)


def test_private_article_refuses_comments(client, article):
    PageViewRestriction.objects.create(page=article, restriction_type="login")
    refused(post(client, article), 404)


def test_article_in_a_private_section_refuses_comments(client, article):
    PageViewRestriction.objects.create(
        page=article.get_parent(), restriction_type="password", password="x"
    )
    refused(post(client, article), 404)


@pytest.mark.parametrize(
    "content_type, object_pk",
    [
        ("newsplugin.newsindexpage", None),
        ("auth.user", "1"),
        ("wagtailcore.page", None),
        ("newsplugin.articlepage", "999999"),
        ("newsplugin.articlepage", "abc"),
        ("", ""),
    ],
)
def test_posts_aimed_at_anything_but_an_article_are_refused(
    client, article, django_user_model, content_type, object_pk
):
    django_user_model.objects.create_user("editor", password="x")
    data = comment_form_data(article)
    data["content_type"] = content_type
    data["object_pk"] = object_pk or str(article.get_parent().pk)
    refused(client.post(POST_URL, data), 404)


def test_a_missing_field_is_never_a_500(client, article):
    for field in ("content_type", "object_pk", "timestamp", "security_hash", "name", "comment"):
        data = comment_form_data(article)
        del data[field]
        assert client.post(POST_URL, data).status_code in {200, 400, 404}
    assert not ArticleComment.objects.exists()


def test_the_same_comment_twice_is_stored_once(client, article):
    assert post(client, article).status_code == 303
    again = post(client, article)
    # Refused with a reason (newsplugin.comments.rules.refuse_duplicates), the words kept.
    assert again.status_code == 409
    assert "already posted this comment" in again.content.decode()
    assert "Liputan yang bagus" in again.content.decode()
    assert ArticleComment.objects.count() == 1


def test_form_has_labels_required_markers_and_autocomplete(client, article):
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    form = page.select_one(".np-comment-form form")
    expected = {
        "name": ("name", True),
        "email": ("email", True),
        "url": ("url", False),
        "comment": (None, True),
    }
    for name, (autocomplete, required) in expected.items():
        field = form.find(attrs={"name": name})
        label = form.find("label", attrs={"for": field["id"]})
        assert label is not None
        assert field.has_attr("required") is required
        assert (label.find(class_="np-required") is not None) is required
        if autocomplete:
            assert field["autocomplete"] == autocomplete
    honeypot = form.find(attrs={"name": "honeypot"})
    assert honeypot["tabindex"] == "-1"
    assert form["action"] == POST_URL
