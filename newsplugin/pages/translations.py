"""Where a page is in the other languages: the language switcher and hreflang links.

A page lists every content language: its own (current), its live translation in
each other language, else that language's home page, so a reader can always
switch. Routes of a news index (an author's or a tag's archive) lead to the same
archive under the translated index. Views that are not pages but sit inside
``i18n_patterns`` (the example site's search) lead to the same view under the
other prefix. The work is done once per request, and costs no query for a page
routing found (its query brought the translations' addresses along:
``routed_translations()``).
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from wagtail.models import Page, Site

from ..languages import (
    content_languages,
    default_language,
    language_of,
    site_root_paths,
    translations_enabled,
)
from ..models import NewsIndexPage, localize_authors, without_private
from ..prepared import PreparedQuery


@dataclass(frozen=True)
class LanguageVersion:
    """One language of the switcher: ``url`` is relative on the same site, ``full_url``
    absolute (hreflang needs it); ``translated`` is False for another language's home."""

    code: str
    name: str
    url: str
    full_url: str
    current: bool = False
    translated: bool = True


def language_versions(request, page=None, author=None, tag=None, not_found=False):
    """[LanguageVersion] for the switcher, in the settings' order; [] with one language.

    ``not_found``: the address is nobody's page (the 404 page), so each language
    leads to its home page, not to the same missing address under its prefix."""
    if request is None or not translations_enabled() or len(content_languages()) < 2:
        return []
    key = (getattr(page, "pk", None), getattr(author, "pk", None), getattr(tag, "pk", None),
           not_found)
    cache = request.__dict__.setdefault("_newsplugin_language_versions", {})
    if key not in cache:
        if not_found:
            cache[key] = _home_versions(request)
        elif page is None:
            cache[key] = _view_versions(request)
        else:
            cache[key] = _page_versions(request, page, author, tag)
    return cache[key]


def hreflang_links(versions):
    """[(hreflang, full url)] of the page's translations (itself included) and an
    ``x-default`` (the site's default language, else the first), when it has any."""
    translated = [version for version in versions if version.translated and version.full_url]
    if len(translated) < 2:
        return []
    links = [(version.code, version.full_url) for version in translated]
    default = next((v for v in translated if v.code == default_language()), translated[0])
    return [*links, ("x-default", default.full_url)]


def _page_versions(request, page, author, tag):
    current = language_of(page)
    translations = {}
    routed = page.routed_translations() if hasattr(page, "routed_translations") else None
    # An author's archive names the author as the translated section writes them,
    # which needs the translation's locale: that one still asks.
    if routed is not None and not (routed and author is not None):
        translations = {
            code: Page(url_path=url_path, translation_key=page.translation_key)
            for code, url_path in routed.items()
        }
    elif page.pk:
        rows = _TRANSLATIONS(page.translation_key, page.pk)
        translations = {language_of(row): row for row in rows}
    homes = home_pages(request)
    versions = []
    for code, name in content_languages():
        if code == current:
            urls = _route_urls(request, page, page, author, tag)
            versions.append(LanguageVersion(code, name, *urls, current=True))
        elif code in translations:
            urls = _route_urls(request, page, translations[code], author, tag)
            versions.append(LanguageVersion(code, name, *urls))
        elif code in homes:
            versions.append(LanguageVersion(code, name, *homes[code], translated=False))
    return versions


def _translations(translation_key, pk):
    return (
        without_private(Page.objects.live().filter(translation_key=translation_key))
        .exclude(pk=pk)
        .select_related("locale")
        .only("pk", "url_path", "path", "depth", "translation_key", "locale")
    )


# The live, public translations of a page (prepared: ``newsplugin.prepared``).
_TRANSLATIONS = PreparedQuery(Page, _translations)


def _route_urls(request, page, version, author, tag):
    """(url, full url) of ``version`` (``page`` or one of its translations), at the
    archive route the reader is on, if any."""
    url, full_url = version.get_url(request), version.get_full_url(request)
    suffix = ""
    if isinstance(page, NewsIndexPage) and (author or tag):
        if author is not None:
            # The author as the translated section writes them (their slug may differ).
            (written,) = localize_authors([author], version.locale_id)
            suffix = page.reverse_subpage("author", args=[written.slug])
        else:
            suffix = page.reverse_subpage("tag", args=[tag.slug])
    return (url + suffix if url else None), (full_url + suffix if full_url else None)


def home_pages(request):
    """{language: (url, full url)} of the request's site's home page in each language
    it has one, from Wagtail's cached site root paths (no query; worked out once
    per request)."""
    if hasattr(request, "newsplugin_home_pages"):
        return request.newsplugin_home_pages
    site = Site.find_for_request(request)
    if site is None:
        return {}
    homes = {}
    for root in site_root_paths(request):
        if root.site_id != site.pk:
            continue
        try:
            with translation.override(root.language_code):
                path = reverse("wagtail_serve", args=("",))
        except NoReverseMatch:
            continue
        homes.setdefault(root.language_code, (path, root.root_url.rstrip("/") + path))
    request.newsplugin_home_pages = homes
    return homes


def _home_versions(request):
    current = translation.get_language()
    homes = home_pages(request)
    return [
        LanguageVersion(code, name, *homes[code], current=code == current, translated=False)
        for code, name in content_languages()
        if code in homes
    ]


def _view_versions(request):
    """A view inside ``i18n_patterns``: the same address under each language's prefix."""
    current = translation.get_language()
    versions = []
    for code, name in content_languages():
        url = translate_url(request.get_full_path(), code)
        full_url = request.build_absolute_uri(url)
        versions.append(LanguageVersion(code, name, url, full_url, current=code == current))
    # Outside i18n_patterns every language has the same address: nothing to switch.
    return versions if len({version.url for version in versions}) > 1 else []
