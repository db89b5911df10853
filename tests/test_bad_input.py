"""Hostile and broken posts the reply form must survive: a clear 4xx or a form error,
nothing half-stored, and no traceback in the server log.

test_comment_form.py covers each field's limits, forged and expired security data,
the honeypot, the CSRF token and posts aimed at what is not an open article; this
module adds what a broken or hostile client sends: bytes that are not UTF-8,
oversized bodies, repeated and missing fields, wrong types, and the whole table
again with the server log watched.
"""

import pytest
from django.test import Client

from newsplugin.models import ArticleComment

from .builders import comment_form_data, make_article, make_comment, make_index
from .test_comment_form import POST_URL, field_errors

# Many posts from one test client: flood control would refuse all but the first.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english", "no_flood_control", "no_traceback_in_the_log"),
]


@pytest.fixture
def article():
    return make_article(make_index(), "Banjir Surut")


def nothing_stored():
    return not ArticleComment.objects.exists()


def urlencoded(data):
    from urllib.parse import urlencode

    return urlencode(data).encode()


@pytest.mark.parametrize("field", ["name", "comment", "url", "email"])
def test_invalid_utf8_is_a_form_error(client, article, field):
    data = comment_form_data(article, **{field: "MARKER"})
    body = urlencoded(data).replace(b"MARKER", b"Sari%FF%FE%C3%28")
    response = client.post(POST_URL, body, content_type="application/x-www-form-urlencoded")
    assert field in field_errors(response)
    assert nothing_stored()


@pytest.mark.parametrize("field", ["comment", "name", "honeypot"])
def test_a_10_mb_post_is_refused_with_413(client, article, field):
    data = comment_form_data(article, **{field: "x" * (10 * 1024 * 1024)})
    response = client.post(POST_URL, data)
    assert response.status_code == 413
    assert b"too large" in response.content
    assert nothing_stored()


def test_too_many_fields_is_refused_with_413(client, article, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 100
    data = comment_form_data(article)
    data.update({f"extra{n}": "x" for n in range(200)})
    assert client.post(POST_URL, data).status_code == 413
    assert nothing_stored()


@pytest.mark.parametrize(
    "fields",
    [
        {"url": "https://example.com/\x00"},
        {"email": "sari\x00@example.com"},
        {"url": "https://exa\x07mple.com/"},
        {"name": "Sari\u2066Budi\u2069"},
        {"name": "\u202eSari"},
        {"name": "   "},
        {"name": "\u200b"},
        {"comment": "\u200b\u200d\ufeff"},
        {"comment": "&nbsp;&nbsp;"},
        {"comment": "<p>&#8203;</p>"},
        {"url": " javascript:alert(1)"},
        {"url": "http://"},
        {"url": "https://[::1"},
        {"email": "sari@example.com\nBcc: x@example.com"},
    ],
    ids=repr,
)
def test_more_bad_fields_are_form_errors(client, article, fields):
    data = comment_form_data(article, **fields)
    response = client.post(POST_URL, data)
    assert set(fields) <= set(field_errors(response))
    assert nothing_stored()


@pytest.mark.parametrize(
    "field, values, status",
    [
        ("object_pk", "two articles", {400, 404}),
        ("security_hash", ["0" * 40, "valid"], {400}),
        ("timestamp", ["1", "valid"], {400}),
        ("content_type", ["auth.user", "valid"], {404}),
    ],
)
def test_repeated_security_fields_never_pass(client, article, field, values, status):
    data = comment_form_data(article)
    if values == "two articles":
        other = make_article(article.get_parent(), "Lain")
        values = [str(other.pk), data[field]]
    data[field] = [data[field] if v == "valid" else v for v in values]
    # The last value wins, as in every Django form; forged first values change nothing,
    # and a forged last value is refused.
    data[field] = list(reversed(data[field]))
    assert client.post(POST_URL, data).status_code in status
    assert nothing_stored()


def test_repeated_text_fields_store_one_comment_once(client, article):
    data = comment_form_data(article)
    data["comment"] = ["Pertama", "Kedua"]
    data["name"] = ["Sari", "Budi"]
    assert client.post(POST_URL, data).status_code == 303
    comment = ArticleComment.objects.get()
    assert (comment.user_name, comment.comment) == ("Budi", "Kedua")


@pytest.mark.parametrize(
    "field, value",
    [
        ("timestamp", "abc"),
        ("timestamp", "1e10"),
        ("timestamp", "-1"),
        ("timestamp", "99999999999999999999999"),
        ("object_pk", "1.0"),
        ("object_pk", "-1"),
        ("object_pk", "٣"),  # an Arabic-Indic digit: isdigit() is true for it
        ("object_pk", "9" * 30),
        ("reply_to", "1.5"),
        ("reply_to", "-1"),
        ("reply_to", "9" * 30),
        ("reply_to", "[1]"),
        ("reply_to", "²"),  # a superscript two: isdigit() is true, int() refuses it
        ("reply_to", "٣"),
        ("security_hash", "z" * 40),
        ("security_hash", "0" * 4000),
        ("content_type", "newsplugin"),
        ("content_type", "newsplugin.articlepage.extra"),
        ("honeypot", "\x00"),
    ],
)
def test_wrong_types_are_refused_cleanly(client, article, field, value):
    data = comment_form_data(article)
    data[field] = value
    response = client.post(POST_URL, data)
    assert response.status_code in {200, 400, 404}
    assert nothing_stored()


@pytest.mark.parametrize("value", ["²", "٣", "1²", "-1", "1.0", "9" * 30, "0x1", " 1"])
@pytest.mark.parametrize("parameter", ["reply_to", "comment-page", "page"])
def test_query_parameters_that_are_not_ascii_whole_numbers_give_the_plain_page(
    client, article, parameter, value
):
    parent = make_comment(article, "Induk.", name="Budi")
    response = client.get(article.url, {parameter: value})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Induk." in page and "Replying to" not in page
    api = client.get(f"/comments/articles/{article.pk}/", {parameter: value})
    assert api.status_code == 200 and api.json()["results"][0]["id"] == parent.pk


def test_reply_to_with_ascii_digits_still_works(client, article):
    parent = make_comment(article, "Induk.", name="Budi")
    page = client.get(article.url, {"reply_to": str(parent.pk)}).content.decode()
    assert "Replying to Budi" in page


def test_the_number_parser(db):
    from newsplugin.numbers import MAX_ID, page_number, whole_number

    assert [whole_number(v) for v in ("0", "7", "0042", str(MAX_ID))] == [0, 7, 42, MAX_ID]
    for bad in ("", "²", "٣", "-1", "+1", "1.0", " 1", "1 ", str(MAX_ID + 1), None, 3):
        assert whole_number(bad) is None, bad
    assert whole_number("11", maximum=10) is None
    assert (page_number("3"), page_number("x"), page_number("0"), page_number(None)) == (3, 1, 1, 1)


def test_a_file_instead_of_a_field_is_refused(client, article):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = comment_form_data(article)
    data["comment"] = SimpleUploadedFile("a.txt", b"<script>alert(1)</script>")
    response = client.post(POST_URL, data)
    assert "comment" in field_errors(response)
    assert nothing_stored()


def test_a_json_body_is_refused(client, article):
    response = client.post(POST_URL, comment_form_data(article), content_type="application/json")
    assert response.status_code == 404
    assert nothing_stored()


def test_an_empty_body_is_refused(client):
    assert client.post(POST_URL).status_code == 404
    assert nothing_stored()


def test_an_unpublished_article_refuses_comments(client, article):
    article.unpublish()
    assert client.post(POST_URL, comment_form_data(article)).status_code == 404
    assert nothing_stored()


def test_a_reply_to_a_comment_on_an_unpublished_article_is_refused(client, article):
    parent = make_comment(article)
    article.unpublish()
    response = client.post(POST_URL, comment_form_data(article, reply_to=parent))
    assert response.status_code == 404
    assert ArticleComment.objects.count() == 1


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", POST_URL),
        ("put", POST_URL),
        ("delete", POST_URL),
        ("post", "/comments/token/"),
    ],
)
def test_wrong_methods_are_405(client, article, method, url):
    assert getattr(client, method)(url).status_code == 405
    assert nothing_stored()


def test_missing_csrf_with_a_valid_form_stores_nothing(article):
    client = Client(enforce_csrf_checks=True)
    assert client.post(POST_URL, comment_form_data(article)).status_code == 403
    assert nothing_stored()
