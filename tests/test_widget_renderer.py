"""The comment form's widgets, written in Python, are the HTML Django's templates write."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from newsplugin.comments.forms import ArticleCommentForm
from newsplugin.forms import QuickWidgetRenderer, quick_widget_renderer

from .builders import make_article, make_index

HOSTILE = '"><script>alert(1)</script>&amp;\'<'


class EveryWidget(forms.Form):
    text = forms.CharField(
        widget=forms.TextInput(attrs={"autocomplete": "name", "data-x": HOSTILE})
    )
    email = forms.EmailField(widget=forms.EmailInput(attrs={"required": False}))
    url = forms.URLField(required=False)
    hidden = forms.CharField(widget=forms.HiddenInput)
    number = forms.IntegerField()
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    box = forms.BooleanField(required=False)
    words = forms.CharField(widget=forms.Textarea(attrs={"rows": 6, "cols": 60}))
    choice = forms.ChoiceField(choices=[("a", HOSTILE), (HOSTILE, "b")])


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"text": HOSTILE, "email": HOSTILE, "url": "javascript:x", "hidden": HOSTILE,
         "number": "12", "password": HOSTILE, "box": "on", "words": HOSTILE + "\n\nbaris",
         "choice": HOSTILE},
        {"text": "", "words": "", "box": ""},
    ],
)
def test_every_widget_is_written_as_django_writes_it(data):
    quick = EveryWidget(data, renderer=QuickWidgetRenderer())
    stock = EveryWidget(data, renderer=DjangoTemplates())
    for name in EveryWidget.base_fields:
        assert str(quick[name]) == str(stock[name]), name
    assert "<script>" not in str(quick)


def test_safe_values_are_not_escaped_twice():
    data = {"words": mark_safe("<b>tebal</b>"), "text": mark_safe("a&amp;b")}
    quick = EveryWidget(data, renderer=QuickWidgetRenderer())
    stock = EveryWidget(data, renderer=DjangoTemplates())
    assert str(quick["words"]) == str(stock["words"])
    assert str(quick["text"]) == str(stock["text"])


@pytest.mark.django_db
def test_the_comment_form_renders_as_with_django_templates():
    article = make_article(make_index(), "Pasar")
    data = {"name": HOSTILE, "email": "x", "url": HOSTILE, "comment": HOSTILE, "remember": "on"}
    quick = ArticleCommentForm(article, data)
    stock = ArticleCommentForm(article, data, renderer=DjangoTemplates())
    assert isinstance(quick.renderer, QuickWidgetRenderer)
    for name in quick.fields:
        assert str(quick[name]) == str(stock[name]), name


def test_a_site_with_its_own_form_renderer_keeps_it(settings):
    settings.FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
    assert quick_widget_renderer() is None
