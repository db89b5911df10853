"""An article's approved comments as JSON: what the page shows, nothing private."""

import hashlib

import pytest
from wagtail.models import PageViewRestriction

from .builders import make_article, make_comment, make_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article(make_index(), "Pasar Dibuka")


def test_lists_approved_comments_oldest_first_with_replies(client, article):
    first = make_comment(article, "Pertama.", name="Sari", url="https://sari.example/")
    reply = make_comment(article, "Balasan.", name="Budi", parent=first)
    make_comment(article, "Menunggu moderator.", approved=False)
    response = client.get(f"/comments/articles/{article.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert data["article"]["url"] == article.url
    assert [(c["id"], c["parent"], c["level"]) for c in data["results"]] == [
        (first.pk, None, 0),
        (reply.pk, first.pk, 1),
    ]
    assert data["results"][0]["name"] == "Sari"
    assert data["results"][0]["website"] == "https://sari.example/"
    assert data["results"][0]["html"] == "<p>Pertama.</p>"


def test_shows_exactly_what_the_page_shows_no_reply_under_a_hidden_parent(client, article):
    from newsplugin.moderation.decisions import decide

    shown = make_comment(article, "Terbit.")
    reply = make_comment(article, "Balasan terbit.", parent=shown)
    rejected = make_comment(article, "Induk ditolak.")
    orphan = make_comment(article, "Balasan di bawah yang ditolak.", parent=rejected)
    make_comment(article, "Cucu di bawah yang ditolak.", parent=orphan)
    decide([rejected.pk], "reject", None)
    page = client.get(article.url).content.decode()
    data = client.get(f"/comments/articles/{article.pk}/").json()
    assert [c["id"] for c in data["results"]] == [shown.pk, reply.pk]
    assert data["count"] == 2
    for text in ("Induk ditolak.", "Balasan di bawah yang ditolak.", "Cucu di bawah"):
        assert text not in page
    assert "Balasan terbit." in page


def test_no_email_ip_or_hash_of_either(client, article):
    email = "Rahasia.Pembaca@Example.com"
    make_comment(article, "Halo.", email=email, ip_address="203.0.113.9")
    body = client.get(f"/comments/articles/{article.pk}/").content.decode().lower()
    for secret in (email, email.lower(), "203.0.113.9"):
        assert secret.lower() not in body
        for digest in (hashlib.md5, hashlib.sha1, hashlib.sha256):
            assert digest(secret.strip().lower().encode()).hexdigest() not in body


def test_paginates_and_bad_pages_are_sane(client, article, settings):
    settings.NEWSPLUGIN_COMMENT_THREADS_PER_PAGE = 2
    for n in range(5):
        make_comment(article, f"Komentar {n}.")
    url = f"/comments/articles/{article.pk}/"
    page2 = client.get(url, {"page": 2}).json()
    assert [c["html"] for c in page2["results"]] == ["<p>Komentar 2.</p>", "<p>Komentar 3.</p>"]
    assert page2["next"] == f"{url}?page=3" and page2["previous"] == f"{url}?page=1"
    for bad in ("x", "0", "-4", "99999", "1e9"):
        response = client.get(url, {"page": bad})
        assert response.status_code == 200
        assert len(response.json()["results"]) in (1, 2)


def test_drafts_private_and_unknown_articles_are_404(client, article):
    draft = make_article(make_index("Draf", "draf"), "Draf", live=False)
    private = make_article(make_index("Internal", "internal"), "Rahasia")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    for pk in (draft.pk, private.pk, 999999):
        assert client.get(f"/comments/articles/{pk}/").status_code == 404


def test_post_is_not_allowed(client, article):
    assert client.post(f"/comments/articles/{article.pk}/").status_code == 405


def test_an_enormous_article_number_is_404_not_500(client):
    assert client.get(f"/comments/articles/{10**30}/").status_code == 404
