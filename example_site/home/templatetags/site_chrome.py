"""What the example site's header and footer show on every page."""

from django import template
from django.utils.translation import get_language
from wagtail.models import Site

from newsplugin.languages import default_language, site_root_paths
from newsplugin.models import NewsIndexPage, NewsSettings, without_private
from newsplugin.prepared import PreparedQuery

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
    # The sections of the home page in the language being shown: each language's
    # tree has its own (Berita, Kota… under / and News, City… under /en/).
    root = _home_url_path(request, site)  # "/kabar-nusantara/": the home page is at depth 2
    depth = root.count("/")
    indexes = _SECTIONS(root, depth + 2)
    top = [index for index in indexes if index.depth == depth + 1]
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



def _sections(root, max_depth):
    return (
        without_private(NewsIndexPage.objects.live())
        .filter(url_path__startswith=root, depth__lte=max_depth)
        .order_by("path")
        # A link to each, and the feeds of the main one: not the intro.
        .only("title", "path", "depth", "url_path", "translation_key", "locale")
    )


# Built and compiled once per process (newsplugin.prepared): every page shows it.
_SECTIONS = PreparedQuery(NewsIndexPage, _sections)


def _home_url_path(request, site):
    """The ``url_path`` of the site's home page in the language being shown (from
    Wagtail's cached site root paths: no query), else in the default language."""
    roots = {root.language_code: root.root_path for root in site_root_paths(request)
             if root.site_id == site.pk}
    return roots.get(get_language()) or roots.get(default_language()) or next(
        iter(roots.values()), site.root_page.url_path
    )
