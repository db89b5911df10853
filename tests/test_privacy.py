"""What is kept about a commenter, for how long, and how it is exported or erased."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import timezone

from newsplugin import privacy
from newsplugin.addresses import stored_ip_address
from newsplugin.models import ArticleComment

from .builders import comment_form_data, make_article, make_comment, make_index, use_site_language

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article(make_index(), "Banjir Surut")


@pytest.mark.parametrize(
    "address, stored",
    [
        ("203.0.113.77", "203.0.113.0"),
        ("::ffff:203.0.113.77", "203.0.113.0"),
        ("2001:db8:abcd:12:34::1", "2001:db8:abcd::"),
        ("not an ip", None),
        ("", None),
    ],
)
def test_ip_addresses_are_truncated_by_default(address, stored):
    assert stored_ip_address(address) == stored


def test_hashed_ip_addresses_are_keyed_stable_and_not_the_address(settings):
    settings.NEWSPLUGIN_COMMENT_IP_STORAGE = "hash"
    first = stored_ip_address("203.0.113.77")
    assert first == stored_ip_address("203.0.113.77")
    assert first != stored_ip_address("203.0.113.78")
    assert first.startswith("fd") and "203" not in first
    settings.SECRET_KEY = "another-key"
    assert stored_ip_address("203.0.113.77") != first


@pytest.mark.parametrize("storage", ["truncate", "hash"])
def test_a_posted_comment_never_stores_the_full_address(client, article, settings, storage):
    settings.NEWSPLUGIN_COMMENT_IP_STORAGE = storage
    response = client.post(
        "/comments/post/", comment_form_data(article), REMOTE_ADDR="198.51.100.23"
    )
    assert response.status_code == 303
    comment = ArticleComment.objects.get()
    assert comment.ip_address == stored_ip_address("198.51.100.23")
    assert "198.51.100.23" != comment.ip_address
    # Saving again (as xtd does for a reply) does not hash or truncate twice.
    comment.save()
    comment.refresh_from_db()
    assert comment.ip_address == stored_ip_address("198.51.100.23")


def test_the_ip_address_is_never_shown_to_readers(client, article):
    make_comment(article, ip_address="198.51.100.23")
    page = client.get(article.url).content.decode()
    assert "198.51.100" not in page


def test_retention_is_off_by_default(article):
    make_comment(article, submit_date=timezone.now() - timedelta(days=4000), ip_address="1.2.3.4")
    out = StringIO()
    call_command("forget_old_commenters", stdout=out)
    assert "off" in out.getvalue()
    assert ArticleComment.objects.get().user_email == "pembaca@example.com"


def test_retention_removes_email_and_ip_and_keeps_the_comment(article, settings):
    settings.NEWSPLUGIN_COMMENT_PERSONAL_DATA_DAYS = 30
    old = make_comment(article, email="lama@example.com", ip_address="1.2.3.4")
    ArticleComment.objects.filter(pk=old.pk).update(
        submit_date=timezone.now() - timedelta(days=31)
    )
    recent = make_comment(article, email="baru@example.com", ip_address="1.2.3.4")
    out = StringIO()
    call_command("forget_old_commenters", stdout=out)
    assert "1 comment" in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.user_email, old.ip_address, old.is_public) == ("", None, True)
    assert old.comment_html and old.user_name == "Pembaca"
    assert (recent.user_email, recent.ip_address) == ("baru@example.com", "1.2.3.0")
    # Running it again changes nothing.
    assert privacy.forget_old_commenters() == 0


def test_export_gives_every_comment_of_that_email_and_no_one_elses(article):
    mine = make_comment(article, text="Pertama", email="Sari@Example.com", ip_address="1.2.3.4")
    make_comment(article, text="Balasan", email="sari@example.com", parent=mine, approved=False)
    make_comment(article, text="Orang lain", email="budi@example.com")
    out = StringIO()
    call_command("commenter_data", "export", "sari@example.com", stdout=out)
    data = json.loads(out.getvalue())
    assert [c["comment"] for c in data["comments"]] == ["Pertama", "Balasan"]
    assert data["comments"][0]["article"] == "Banjir Surut"
    assert data["comments"][0]["ip_address"] == "1.2.3.0"
    assert [c["published"] for c in data["comments"]] == [True, False]
    assert "budi" not in out.getvalue()


def test_anonymise_keeps_the_words_and_removes_the_person(client, article, settings):
    use_site_language(settings, "en")
    make_comment(article, text="Kata saya", name="Sari Rahasia", email="sari@example.com",
                 url="https://sari.example.com", ip_address="1.2.3.4")
    other = make_comment(article, email="budi@example.com")
    call_command("commenter_data", "anonymise", "SARI@example.com", stdout=StringIO())
    comment = ArticleComment.objects.exclude(pk=other.pk).get()
    assert (comment.user_name, comment.user_email, comment.user_url, comment.ip_address) == (
        "Anonymous reader", "", "", None)
    assert comment.is_public and "Kata saya" in comment.comment_html
    page = client.get(article.url).content.decode()
    assert "Kata saya" in page and "Sari Rahasia" not in page
    assert ArticleComment.objects.get(pk=other.pk).user_email == "budi@example.com"


def test_erase_removes_the_words_too_and_keeps_replies_in_place(client, article):
    mine = make_comment(article, text="Kata rahasia saya", email="sari@example.com")
    make_comment(article, text="Balasan Budi", email="budi@example.com", parent=mine)
    call_command("commenter_data", "erase", "sari@example.com", stdout=StringIO())
    mine.refresh_from_db()
    assert (mine.comment, mine.comment_html, mine.user_email, mine.is_removed) == (
        "", "", "", True)
    assert privacy.export_commenter("sari@example.com")["comments"] == []
    assert "Kata rahasia saya" not in client.get(article.url).content.decode()
    assert client.get(article.url).status_code == 200


ADMIN_URL = "/admin/newsplugin/commenter-data/"


def staff(django_user_model, *perms):
    user = django_user_model.objects.create_user("staff", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in perms:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def test_admin_view_needs_the_permission(client, django_user_model, article):
    make_comment(article, text="Kata saya", email="sari@example.com")
    client.force_login(staff(django_user_model))
    # Wagtail answers a denied admin URL by sending the user back to the dashboard.
    assert client.get(ADMIN_URL)["Location"] == "/admin/"
    for action in ("export", "erase"):
        response = client.post(ADMIN_URL, {"email": "sari@example.com", "action": action})
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert ArticleComment.objects.get().comment == "Kata saya"
    menu = client.get("/admin/").content.decode()
    assert ADMIN_URL not in menu


def test_admin_view_exports_and_erases(client, django_user_model, article):
    make_comment(article, text="Kata saya", email="sari@example.com")
    client.force_login(staff(django_user_model, "manage_commenter_data"))
    assert ADMIN_URL in client.get("/admin/").content.decode()  # the Settings menu item
    page = client.get(ADMIN_URL)
    assert page.status_code == 200
    assert BeautifulSoup(page.content, "html.parser").find("input", attrs={"name": "email"})
    export = client.post(ADMIN_URL, {"email": "sari@example.com", "action": "export"})
    assert export["Content-Type"].startswith("application/json")
    assert "attachment" in export["Content-Disposition"]
    assert json.loads(export.content)["comments"][0]["comment"] == "Kata saya"
    erased = client.post(ADMIN_URL, {"email": "sari@example.com", "action": "erase"})
    assert erased.status_code == 302
    assert ArticleComment.objects.get().comment == ""
