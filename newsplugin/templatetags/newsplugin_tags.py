from django import template

from ..pictures import picture_context

register = template.Library()


@register.inclusion_tag("newsplugin/includes/picture.html")
def news_picture(image, size, alt="", css_class="", loading="lazy"):
    """A ``<picture>`` of ``image`` at one of the sizes named in ``newsplugin.pictures``."""
    context = picture_context(image, size)
    context.update(alt=alt, css_class=css_class, loading=loading)
    return context
