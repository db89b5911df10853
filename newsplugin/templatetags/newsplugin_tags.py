from django import template

from ..pictures import picture_context
from ..sharing import json_ld_script

register = template.Library()


@register.inclusion_tag("newsplugin/includes/picture.html")
def news_picture(image, size, alt="", css_class="", loading="lazy"):
    """A ``<picture>`` of ``image`` at one of the sizes named in ``newsplugin.pictures``."""
    context = picture_context(image, size)
    context.update(alt=alt, css_class=css_class, loading=loading)
    return context


@register.filter
def json_ld(data):
    """``data`` as a JSON-LD ``<script>`` that no text inside it can break out of."""
    return json_ld_script(data) if data else ""
