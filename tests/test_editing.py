"""Editors write articles and authors in the Wagtail admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from newsplugin.models import ArticlePage, Author

from .builders import make_author, make_image, make_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("editor", "editor@example.com", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def article_form(title, authors, **fields):
    return nested_form_data(
        {
            "title": title,
            "slug": fields.pop("slug", "judul"),
            "standfirst": "Teras berita.",
            "article_authors": inline_formset([{"author": a.pk} for a in authors], min=1),
            "body": streamfield([("paragraph", rich_text("<p>Isi berita.</p>"))]),
            "pinned_links": streamfield([]),
            "lead_image_caption": fields.pop("caption", ""),
            "lead_image_credit": fields.pop("credit", ""),
            "lead_image_alt": fields.pop("alt", ""),
            "tags": "",
            **fields,
        }
    )


def add_article(client, index, data, publish=False):
    url = reverse("wagtailadmin_pages:add", args=("newsplugin", "articlepage", index.pk))
    return client.post(url, {**data, "action-publish": "publish"} if publish else data)


@pytest.fixture
def chief_editor(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", "c@example.com", "pw"))
    return client


def test_editor_creates_an_article_with_ordered_authors(editor):
    index = make_index()
    sari, budi = make_author("Sari"), make_author("Budi")
    image = make_image()
    response = add_article(
        editor,
        index,
        article_form(
            "Judul",
            [budi, sari],
            lead_image=image.pk,
            alt="Foto pasar",
            credit="Rina/Antara",
            caption="Pasar pagi",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    article = ArticlePage.objects.get(slug="judul")
    assert [a.name for a in article.get_authors()] == ["Budi", "Sari"]
    assert article.lead_image_credit == "Rina/Antara"


def test_the_same_author_twice_is_a_form_error(editor):
    index = make_index()
    sari = make_author("Sari")
    response = add_article(editor, index, article_form("Judul", [sari, sari]))
    assert response.status_code == 200
    assert (
        "This author is already listed." in response.content.decode()
        or "Penulis ini sudah tercantum." in response.content.decode()
    )
    assert not ArticlePage.objects.exists()


def test_a_published_article_needs_an_author(chief_editor):
    response = add_article(chief_editor, make_index(), article_form("Judul", []), publish=True)
    assert response.status_code == 200
    assert not ArticlePage.objects.exists()


def test_a_draft_may_wait_for_its_author(editor):
    # Wagtail defers "at least one" rules for drafts; publishing enforces them (above).
    response = add_article(editor, make_index(), article_form("Judul", []))
    assert response.status_code == 302
    assert not ArticlePage.objects.get(slug="judul").live


def test_lead_photo_without_alt_text_is_a_form_error(chief_editor):
    index = make_index()
    response = add_article(
        chief_editor,
        index,
        article_form("Judul", [make_author("Sari")], lead_image=make_image().pk),
        publish=True,
    )
    assert response.status_code == 200
    assert "lead_image_alt" in response.context["form"].errors
    assert not ArticlePage.objects.exists()


def test_editors_manage_authors(editor):
    response = editor.post(
        reverse("wagtailsnippets_newsplugin_author:add"),
        {"name": "Ayu Lestari", "slug": "ayu-lestari", "bio": "Wartawan budaya."},
    )
    assert response.status_code == 302
    assert Author.objects.filter(slug="ayu-lestari").exists()


def test_duplicate_author_slug_is_a_form_error(editor):
    make_author("Ayu", slug="ayu")
    response = editor.post(
        reverse("wagtailsnippets_newsplugin_author:add"), {"name": "Ayu 2", "slug": "ayu"}
    )
    assert response.status_code == 200
    assert Author.objects.count() == 1
