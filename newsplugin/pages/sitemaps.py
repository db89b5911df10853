"""The sitemaps: every page in every language, the Google News sitemap (articles
published in the last two days), and robots.txt.

``TranslatedSitemap`` is Wagtail's sitemap (``wagtail.contrib.sitemaps``) over
every language of the site, with each page's translations as hreflang
alternates; ``NewsIndexPage.get_sitemap_urls()`` adds the author and tag
archives to it. ``robots_txt`` points crawlers at both.
"""

from datetime import timedelta

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page, Site

from ..languages import default_language, language_of
from ..models import ArticlePage, NewsSettings, translated_site_pages, without_private
from .feeds import xml_text

# Google reads at most 1,000 articles from one news sitemap.
NEWS_SITEMAP_LIMIT = 1000
NEWS_SITEMAP_AGE = timedelta(days=2)


class TranslatedSitemap(Sitemap):
    """Every live, public page of the site in every language (Wagtail's own lists
    the default language's tree only), each with its translations as
    ``<xhtml:link rel="alternate" hreflang>`` and an ``x-default``.

    ``path("sitemap.xml", sitemap, {"sitemaps": {"pages": TranslatedSitemap}})``
    """

    def items(self):
        pages = translated_site_pages(Page.objects.live().public(), self.get_wagtail_site())
        return pages.order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        alternates = self._alternates(self.paginator.page(page).object_list)
        for url in urls:
            url["alternates"] = alternates.get(url["location"], [])
        return urls

    def _alternates(self, pages):
        """{full url: [{"lang_code", "location"}]} of the pages among ``pages`` that have
        a live, public translation, in one query."""
        keys = {page.translation_key for page in pages}
        translations = {}
        rows = (
            Page.objects.live()
            .public()
            .filter(translation_key__in=keys)
            .select_related("locale")
            .only("pk", "url_path", "path", "depth", "translation_key", "locale")
            .order_by("locale__language_code")
        )
        for row in rows:
            url = row.get_full_url(self.request)
            if url:
                translations.setdefault(row.translation_key, []).append((language_of(row), url))
        alternates = {}
        for versions in translations.values():
            if len(versions) < 2:
                continue
            links = [{"lang_code": code, "location": url} for code, url in versions]
            links.append({"lang_code": "x-default", "location": x_default(versions)})
            for _code, url in versions:
                alternates[url] = links
        return alternates


def x_default(versions):
    """Of [(language, url)], the url in the site's default language, else the first."""
    default = default_language()
    return next((url for code, url in versions if code == default), versions[0][1])


def recent_articles(site, now=None):
    """Live, public articles of ``site`` in every language dated within the last two
    days, newest first, each with its language."""
    now = now or timezone.now()
    articles = translated_site_pages(ArticlePage.objects.live(), site)
    return (
        without_private(articles)
        .filter(date__gte=now - NEWS_SITEMAP_AGE, date__lte=now)
        .select_related("locale")
        .order_by("-date", "-pk")[:NEWS_SITEMAP_LIMIT]
    )


@require_safe
def news_sitemap(request):
    site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
    context = {
        "publication_name": xml_text(NewsSettings.for_site(site).get_publisher_name()),
        # Each article in its own language: an edition may mix them.
        "articles": [
            (
                article.get_full_url(request),
                xml_text(article.title),
                article,
                news_language(language_of(article)),
            )
            for article in recent_articles(site)
        ],
    }
    return render(
        request, "newsplugin/news_sitemap.xml", context, content_type="application/xml"
    )


def news_language(code):
    """Google News wants ISO 639 codes, with a region only for Chinese (zh-cn, zh-tw)."""
    code = code.lower()
    return code if code.startswith("zh-") else code.split("-")[0]


def _path(view, **kwargs):
    try:
        return reverse(view, **kwargs)
    except NoReverseMatch:
        return None


@require_safe
def robots_txt(request):
    """Crawl everything public but the admin and comment posting; where both sitemaps are."""
    disallowed = [
        _path("wagtailadmin_home"),
        _path("newsplugin:post_comment"),
        _path("newsplugin:comment_token"),
    ]
    sitemaps = [_path(wagtail_sitemap), _path("newsplugin:news_sitemap")]
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in disallowed if path]
    lines += [f"Sitemap: {request.build_absolute_uri(path)}" for path in sitemaps if path]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=3600)
    return response
