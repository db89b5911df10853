"""Forgetting cached pages when what they show changes.

Each page address has a version in the cache (see ``middleware``); purging an
address replaces its version, which retires every cached variant of it
(``?page=2``…) at once. Where ``WAGTAILFRONTENDCACHE`` is configured, the same
addresses are purged from the CDN through ``wagtail.contrib.frontend_cache``.
"""

from django.conf import settings
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Site

from ..conf import conf
from ..models import ArticlePage, FrontPageMixin, NewsIndexPage
from .middleware import page_cache, version_key


def article_urls(article):
    """Full URLs whose content shows ``article``: itself, and every section above it
    (a section lists the articles of the sections below) with its archives and feeds,
    and the front page."""
    urls = [article.get_full_url()]
    authors, tags = article.get_authors(), list(article.tags.all())
    for page in article.get_ancestors().specific():
        if isinstance(page, FrontPageMixin):
            urls.append(page.get_full_url())
        if not isinstance(page, NewsIndexPage):
            continue
        urls += index_urls(page)
        for author in authors:
            urls.append(page.author_url(author, full=True))
            urls += [page.feed_url(f, author=author, full=True) for f in ("rss", "atom")]
        for tag in tags:
            urls.append(page.tag_url(tag, full=True))
            urls += [page.feed_url(f, tag=tag, full=True) for f in ("rss", "atom")]
    return [url for url in dict.fromkeys(urls) if url]


def index_urls(index):
    return [index.get_full_url(), *(index.feed_url(f, full=True) for f in ("rss", "atom"))]


def purge_urls(urls):
    """Forget ``urls`` in Django's page cache and, where configured, in the CDN."""
    urls = list(dict.fromkeys(urls))
    if conf.PAGE_CACHE_TIMEOUT > 0:
        roots = [(site.pk, site.root_url.rstrip("/")) for site in Site.objects.all()]
        keys = [
            version_key(site_id, url[len(root) :])
            for url in urls
            for site_id, root in roots
            if url.startswith(root + "/")
        ]
        page_cache().delete_many(keys)
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        PurgeBatch(urls).purge()
    return urls


def purge_article(article):
    """Purge everything that shows ``article``, and what showed its previous live version."""
    urls = article_urls(article) + getattr(article, "_newsplugin_previous_urls", [])
    return purge_urls(urls)


def author_urls(author):
    """Full URLs that show ``author``'s name: archives, their feeds, and bylines."""
    urls = []
    for index in NewsIndexPage.objects.live():
        urls.append(index.author_url(author, full=True))
        urls += [index.feed_url(f, author=author, full=True) for f in ("rss", "atom")]
    for article in ArticlePage.objects.live().filter(article_authors__author=author).distinct():
        urls.append(article.get_full_url())
    return [url for url in urls if url]


def full_urls_for_path(url_path):
    """Where a page with ``url_path`` was served on each site (before a move, say)."""
    urls = []
    for site in Site.objects.select_related("root_page"):
        root_path = site.root_page.url_path
        if url_path.startswith(root_path):
            urls.append(site.root_url.rstrip("/") + "/" + url_path[len(root_path) :])
    return urls
