"""The reply form every reader gets comes from markup rendered once per language
(newsplugin.comments.form_markup): it must be the HTML the template writes, with
this article's and this moment's values, and give way to a site's own template."""

import re

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from newsplugin.comments.form_markup import TEMPLATE, quick_form_html
from newsplugin.comments.threads import comment_section
from newsplugin.models import ArticleComment

from .builders import comment_form_data, make_article, make_comment, make_index, translate

pytestmark = pytest.mark.django_db


def _section(article, query=""):
    return comment_section(article, RequestFactory().get(f"{article.url}{query}"))


def _by_template(section, article):
    return render_to_string(TEMPLATE, {"form": section.form, "section": section, "page": article})


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_quick_form_is_what_the_template_writes(language):
    first = make_article(make_index(), "Pasar")
    second = make_article(first.get_parent(), "Banjir")
    with translation.override(language):
        for article in (first, second):  # the second fills in the first one's markup
            section = _section(article)
            quick = quick_form_html(section)
            assert quick == _by_template(section, article)
            assert f'name="object_pk" value="{article.pk}"' in quick
            assert f'value="{section.form.initial["security_hash"]}"' in quick
            assert f"object_pk={article.pk}" in quick


def test_each_language_gets_its_own_words(client):
    article = make_article(make_index(), "Pasar")
    english = translate(article, title="Market")
    indonesian = BeautifulSoup(client.get(article.url).content, "html.parser")
    in_english = BeautifulSoup(client.get(english.url).content, "html.parser")
    notice = ".np-comment-form__notice"
    assert indonesian.select_one(notice).get_text() == (
        "Alamat email Anda tidak akan dipublikasikan. Ruas yang wajib ditandai *"
    )
    assert in_english.select_one(notice).get_text() == (
        "Your email address will not be published. Required fields are marked *"
    )
    assert in_english.select_one('[name="object_pk"]')["value"] == str(english.pk)


def test_the_form_on_the_page_posts_a_comment(client, no_flood_control):
    article = make_article(make_index(), "Pasar")
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    form = page.select_one("#comment-form form")
    data = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    data.update(name="Sari", email="sari@example.com", comment="Terima kasih.")
    response = client.post(form["action"], data)
    assert response.status_code == 303
    assert ArticleComment.objects.for_article(article).filter(user_name="Sari").exists()


def test_a_form_for_one_reader_is_rendered_by_the_template(client, no_flood_control):
    """Replying, or sent back with errors: the template renders it, with the reader's words."""
    article = make_article(make_index(), "Pasar")
    parent = make_comment(article, name="Budi")
    replying = _section(article, f"?reply_to={parent.pk}")
    assert replying.reply_to is not None and quick_form_html(replying) is None
    page = client.get(f"{article.url}?reply_to={parent.pk}").content.decode()
    assert "Budi" in BeautifulSoup(page, "html.parser").select_one(
        ".np-comment-form__replying"
    ).get_text()
    data = comment_form_data(article, comment="Kata-kata saya", email="bukan email")
    refused = client.post("/comments/post/", data)
    assert "Kata-kata saya" in refused.content.decode()


def test_a_site_that_overrides_the_form_template_gets_its_own(client, settings, tmp_path):
    override = tmp_path / "newsplugin" / "comments"
    override.mkdir(parents=True)
    (override / "form.html").write_text(
        '<form class="site-form">{{ form.timestamp }}{{ page.title }}</form>'
    )
    article = make_article(make_index(), "Pasar")
    client.get(article.url)  # the package's markup is made first
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [str(tmp_path), *settings.TEMPLATES[0]["DIRS"]]}
    ]
    body = client.get(article.url).content.decode()
    assert re.search(r'<form class="site-form"><input type="hidden" name="timestamp"', body)
    assert "np-comment-form__notice" not in body
