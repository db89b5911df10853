from django import template
from django.utils.translation import get_language

from ..comments.form_markup import TEMPLATE as COMMENT_FORM_TEMPLATE
from ..comments.form_markup import quick_form_html
from ..languages import format_date
from ..pages.sharing import json_ld_script
from ..pages.translations import home_pages, hreflang_links, language_versions
from ..pictures import picture_context
from ..sanitise import is_http_url

register = template.Library()


@register.inclusion_tag("newsplugin/includes/picture.html")
def news_picture(image, size, alt="", css_class="", loading="lazy"):
    """A ``<picture>`` of ``image`` at one of the sizes named in ``newsplugin.pictures``."""
    context = picture_context(image, size)
    context.update(alt=alt, css_class=css_class, loading=loading)
    return context


@register.filter
def http_url(url):
    """``url`` when it is an http(s) address, otherwise an empty string."""
    return url if is_http_url(url) else ""


@register.filter
def initial(name):
    """The first letter of a commenter's name, for a locally drawn avatar."""
    name = (name or "").strip()
    return name[:1].upper()


@register.filter
def json_ld(data):
    """``data`` as a JSON-LD ``<script>`` that no text inside it can break out of."""
    return json_ld_script(data) if data else ""


@register.filter
def news_date(value):
    """A date as the page's language writes it: "30 Nov 2026" / "30 Nov. 2026"."""
    return format_date(value)


@register.filter
def news_datetime(value):
    """A date and time, in the site's time zone: "30 Nov 2026, 07:30" / "30 Nov. 2026, 7.30"."""
    return format_date(value, with_time=True)


def _versions(context):
    return language_versions(
        context.get("request"),
        page=context.get("page"),
        author=context.get("author"),
        tag=context.get("tag"),
        not_found=bool(context.get("not_found")),
    )


@register.simple_tag(takes_context=True)
def news_languages(context):
    """The page in every language of the site (``newsplugin.pages.translations``):
    ``{% news_languages as languages %}``, each with ``code``, ``name``, ``url``,
    ``current`` and ``translated`` (False: that language's home page)."""
    return _versions(context)


@register.inclusion_tag("newsplugin/includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in the site's other languages, or to their home pages."""
    return {"languages": _versions(context)}


@register.inclusion_tag("newsplugin/includes/hreflang.html", takes_context=True)
def hreflang(context):
    """``<link rel="alternate" hreflang>`` for each translation of the page, and x-default."""
    return {"links": hreflang_links(_versions(context))}


@register.simple_tag(takes_context=True)
def news_home_url(context):
    """The site's home page in the language being shown (no query), else "/"."""
    request = context.get("request")
    home = home_pages(request).get(get_language()) if request is not None else None
    return home[0] if home else "/"


@register.simple_tag(takes_context=True)
def comment_form(context, section):
    """``newsplugin/comments/form.html`` for ``section.form``, as ``{% include ... with
    form=section.form %}`` renders it (from markup rendered once per language when
    the form is the one every reader gets: ``newsplugin.comments.form_markup``)."""
    html = quick_form_html(section)
    if html is not None:
        return html
    template = context.template.engine.get_template(COMMENT_FORM_TEMPLATE)
    with context.push(form=section.form):
        return template.render(context)
