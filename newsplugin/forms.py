"""The image form the plugin gives to Wagtail (``WAGTAILIMAGES_IMAGE_FORM_BASE``), and a
quicker renderer for the widgets of the comment form."""

import functools

from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .images import verify_image


class SafeImageField(WagtailImageField):
    """Wagtail's image field, after a full Pillow decode of the upload.

    Wagtail's own checks decode the file while reading its size and let the
    decoder's OSError escape, which the admin answers with HTTP 500.
    """

    def to_python(self, data):
        if data is not None and hasattr(data, "read"):
            verify_image(data)
        return super().to_python(data)


class SafeImageForm(BaseImageForm):
    """Wagtail's image form, refusing damaged and oversized uploads with a form error.

    Point ``WAGTAILIMAGES_IMAGE_FORM_BASE`` at this class (or a subclass); it
    serves the single and the multiple upload views alike.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and not isinstance(field, SafeImageField):
            self.fields["file"] = SafeImageField(
                label=field.label,
                required=field.required,
                help_text=field.help_text,
                widget=field.widget,
            )


# Django's templates for these widgets, each an <input> (see input.html and attrs.html).
_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "email", "url", "hidden", "checkbox", "number", "password")
)
_TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"


def _attrs_html(attrs):
    """Django's ``attrs.html``: `` name="value"`` for each, `` name`` for True, none for False."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class QuickWidgetRenderer(DjangoTemplates):
    """Django's default form renderer, writing the plain ``<input>`` and ``<textarea>``
    widgets in Python: the same HTML as Django's templates for them, in a fiftieth of
    the time (a comment form on every article page renders a dozen). Every other
    template is rendered as Django would. ``quick_widget_renderer()`` gives it only to
    a site that keeps Django's default ``FORM_RENDERER``, so a site that renders its
    widgets from templates of its own still gets them."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if isinstance(widget, dict):
            if template_name in _INPUT_TEMPLATES:
                value = widget["value"]
                value_html = "" if value is None else f' value="{conditional_escape(str(value))}"'
                return (
                    f'<input type="{conditional_escape(widget["type"])}" '
                    f'name="{conditional_escape(widget["name"])}"{value_html}'
                    f"{_attrs_html(widget['attrs'])}>"
                )
            if template_name == _TEXTAREA_TEMPLATE:
                value = widget["value"]
                return (
                    f'<textarea name="{conditional_escape(widget["name"])}"'
                    f"{_attrs_html(widget['attrs'])}>\n"
                    f"{conditional_escape(value) if value else ''}</textarea>"
                )
        return super().render(template_name, context, request)


_DEFAULT_RENDERER = "django.forms.renderers.DjangoTemplates"


@functools.cache
def _quick_renderer():
    return QuickWidgetRenderer()


def quick_widget_renderer():
    """A ``QuickWidgetRenderer`` while the site keeps Django's default form renderer;
    None (the site's own) otherwise."""
    if getattr(settings, "FORM_RENDERER", _DEFAULT_RENDERER) != _DEFAULT_RENDERER:
        return None
    return _quick_renderer()
