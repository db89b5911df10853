"""The Google News sitemap (articles published in the last two days), and robots.txt.

Wagtail's own sitemap (``wagtail.contrib.sitemaps``) lists every page, and
``NewsIndexPage.get_sitemap_urls()`` adds the author and tag archives to it.
``robots_txt`` points crawlers at both.
"""

from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Site

from ..models import ArticlePage, NewsSettings, without_private
from .feeds import xml_text

# Google reads at most 1,000 articles from one news sitemap.
NEWS_SITEMAP_LIMIT = 1000
NEWS_SITEMAP_AGE = timedelta(days=2)


def recent_articles(site, now=None):
    """Live, public articles of ``site`` dated within the last two days, newest first."""
    now = now or timezone.now()
    return (
        without_private(ArticlePage.objects.live().in_site(site))
        .filter(date__gte=now - NEWS_SITEMAP_AGE, date__lte=now)
        .order_by("-date", "-pk")[:NEWS_SITEMAP_LIMIT]
    )


@require_safe
def news_sitemap(request):
    site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    context = {
        "publication_name": xml_text(NewsSettings.for_site(site).get_publisher_name()),
        "language": language,
        "articles": [
            (article.get_full_url(request), xml_text(article.title), article)
            for article in recent_articles(site)
        ],
    }
    return render(
        request, "newsplugin/news_sitemap.xml", context, content_type="application/xml"
    )


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
