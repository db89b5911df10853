from django import template

from ..pages.sharing import json_ld_script
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
