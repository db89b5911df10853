"""The reply form under every article, from markup rendered once per language.

``newsplugin/comments/form.html`` and its four field includes were about a tenth
of an article page's time, for markup that is the same under every article but
for five values: the article's id, and the content type, object id, timestamp
and security hash of django-contrib-comments' anti-forgery fields. So, as
``ThreadMarkup`` does for comments, the template is rendered once per language
with a marker in place of each of those values, and each page fills them in.

Only the form every reader gets takes this path: an empty form, not replying to
a comment. A form sent back to one reader (with errors, refused, or with their
words in it) and any site that overrides ``form.html`` are rendered by the
template engine as before.
"""

import copy
from html import escape
from pathlib import Path
from types import SimpleNamespace

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..conf import conf
from .forms import LazyReaderForm

TEMPLATE = "newsplugin/comments/form.html"
_OWN_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / TEMPLATE
# In the order the pattern takes them; the form's own fields by name.
VALUES = ("page_pk", "content_type", "object_pk", "timestamp", "security_hash")
_SECURITY_FIELDS = set(VALUES[1:])
_MARK = "\x1f"

_patterns = {}
_own_template = []  # [bool] once known


def _marker(name):
    return f"{_MARK}{name}{_MARK}"


def quick_form_html(section):
    """``form.html`` for ``section.form``, or None when the template engine must render
    it (a form for one reader, or a site's own ``form.html``)."""
    form = section.form
    if form is None or section.reply_to is not None:
        return None
    if isinstance(form, LazyReaderForm) and not form.is_built:
        initial = {"reply_to": 0, **form.security_data()}  # the form itself is not needed
    else:
        if form.is_bound or getattr(form, "refused", False):
            return None
        initial = form.initial
        if set(initial) - _SECURITY_FIELDS - {"reply_to"}:
            return None
        if initial.get("reply_to") not in (None, 0) or not _SECURITY_FIELDS <= set(initial):
            return None
    key = (get_language(), conf.COMMENT_MAX_LENGTH)
    pattern = _patterns.get(key)
    if pattern is None:
        if isinstance(form, LazyReaderForm):
            form = form.built()
        pattern = _patterns[key] = _pattern(form) if _is_own_template() else False
    if pattern is False:
        return None
    values = [section.article.pk, *(initial[name] for name in VALUES[1:])]
    # Safe: the template's output with escaped values in the markers' places.
    return mark_safe(pattern.format(*(escape(str(value)) for value in values)))  # noqa: S308


def _pattern(form):
    """form.html rendered with markers, as a ``str.format`` pattern of ``VALUES``; False
    when a value does not show as its marker (the markup would hold a stale value)."""
    marked = copy.copy(form)
    marked.initial = {**form.initial, **{name: _marker(name) for name in _SECURITY_FIELDS}}
    marked._bound_fields_cache = {}
    html = render_to_string(
        TEMPLATE,
        {
            "form": marked,
            "section": SimpleNamespace(reply_to=None),
            "page": SimpleNamespace(pk=_marker("page_pk")),
        },
    )
    if any(html.count(_marker(name)) < 1 for name in VALUES):
        return False
    pattern = html.replace("{", "{{").replace("}", "}}")
    for index, name in enumerate(VALUES):
        pattern = pattern.replace(_marker(name), f"{{{index}}}")
    return False if _MARK in pattern else pattern


def _is_own_template():
    """Whether ``form.html`` is newsplugin's own, not a site's override."""
    if not _own_template:
        try:
            origin = get_template(TEMPLATE).origin.name
        except (TemplateDoesNotExist, AttributeError):
            origin = None
        _own_template.append(origin is not None and Path(origin).resolve() == _OWN_TEMPLATE)
    return _own_template[0]


@receiver(setting_changed)
def _forget_patterns(**kwargs):
    _patterns.clear()
    _own_template.clear()
