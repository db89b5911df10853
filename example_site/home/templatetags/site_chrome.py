"""What the example site's header and footer show on every page."""

from django import template
from wagtail.models import Site

from newsplugin.models import NewsIndexPage, NewsSettings, without_private

register = template.Library()


@register.simple_tag(takes_context=True)
def site_chrome(context):
    """The sections for the navigation (the main index and the sections below it),
    its feeds and the publisher's name, in one query (the settings are the page's)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"sections": [], "feeds": [], "publisher": ""}
    # The header and the footer both ask: work it out once per request.
    if not hasattr(request, "site_chrome"):
        request.site_chrome = _chrome(request, site)
    return request.site_chrome


def _chrome(request, site):
    indexes = list(
        without_private(NewsIndexPage.objects.live())
        .descendant_of(site.root_page)
        .filter(depth__lte=site.root_page.depth + 2)
        .order_by("path")
    )
    top = [index for index in indexes if index.depth == site.root_page.depth + 1]
    main = top[0] if top else None
    # Under the main index (Berita), its subsections are the site's sections.
    sections = []
    for index in indexes:
        if main is not None and index.depth == main.depth + 1 and index.path.startswith(main.path):
            url = index.get_url(request)
            sections.append(
                {"page": index, "url": url, "current": bool(url) and request.path.startswith(url)}
            )
    return {
        "main": main,
        "main_url": main.get_url(request) if main else None,
        "sections": sections,
        "feeds": main.feed_links(request) if main else [],
        "publisher": NewsSettings.for_request(request).get_publisher_name(),
    }
