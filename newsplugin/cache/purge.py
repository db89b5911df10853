"""Forgetting cached pages when what they show changes.

Each page address has a version in the cache (see ``middleware``); purging an
address replaces its version, which retires every cached variant of it
(``?page=2``, other hosts and languages…) at once. Where ``WAGTAILFRONTENDCACHE``
is configured, the same addresses are purged from the CDN through
``wagtail.contrib.frontend_cache``.

Inside a transaction nothing is purged until it commits: before then another
request would read the old rows and cache the old page again, and a CDN's HTTP
call would run while the article's row is locked. Every purge of a transaction
runs as one batch after the commit, each address once.
"""

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Site

from ..conf import conf
from ..models import ArticlePage, Author, FrontPageMixin, NewsIndexPage, by_author
from .middleware import outage, page_cache, version_key, version_timeout


def article_urls(article):
    """Full URLs whose content shows ``article``: itself, and every section above it
    (a section lists the articles of the sections below) or listing it from elsewhere,
    with their archives and feeds, and the front page."""
    urls = [article.get_full_url()]
    authors, tags = article.get_authors(), list(article.tags.all())
    listed_in = []
    if article.pk:
        # Every language's version of the sections it is listed in (see _live_articles).
        section_ids = [section.pk for section in article.other_sections.all()]
        keys = NewsIndexPage.objects.filter(pk__in=section_ids).values("translation_key")
        listed_in = list(NewsIndexPage.objects.filter(translation_key__in=keys))
    for page in [*article.get_ancestors().specific(), *listed_in]:
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


def translation_urls(page):
    """Full URLs of the live translations of ``page``: each links to the others (the
    language switcher, hreflang), so publishing or unpublishing one changes them all."""
    if not page.pk:
        return []
    translations = page.get_translations().live().only("pk", "url_path", "path", "depth")
    return [url for url in (other.get_full_url() for other in translations) if url]


def index_urls(index):
    return [index.get_full_url(), *(index.feed_url(f, full=True) for f in ("rss", "atom"))]


def purge_urls(urls):
    """Forget ``urls`` in Django's page cache and, where configured, in the CDN.

    Inside a transaction this happens once it commits (never, if it rolls back).
    """
    urls = list(dict.fromkeys(urls))
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _purge_now(urls)
        return urls
    # One batch per connection: the first callback to run purges everything
    # gathered so far and the later ones find it empty. A rolled-back
    # transaction's addresses may ride along with the next batch, which costs a
    # page rendering, never a stale page.
    batch = connection.__dict__.setdefault("newsplugin_purge_batch", {})
    batch.update(dict.fromkeys(urls))
    transaction.on_commit(lambda: _purge_batch(batch))
    return urls


def _purge_batch(batch):
    urls = list(batch)
    batch.clear()
    if urls:
        _purge_now(urls)


def _purge_now(urls):
    if conf.PAGE_CACHE_TIMEOUT > 0:
        paths = {urlsplit(url).path or "/" for url in urls}
        # A new version rather than none: a request that rendered before the purge
        # finds the version changed and stores nothing (see the middleware).
        versions = {version_key(path): uuid.uuid4().hex for path in paths}
        try:
            page_cache().set_many(versions, timeout=version_timeout())
        except Exception as error:  # the cache is down: its pages expire on their own
            outage.failed(error)
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        PurgeBatch(urls).purge()


def purge_article(article):
    """Purge everything that shows ``article``, what showed its previous live version,
    and its translations (their language switchers)."""
    urls = article_urls(article) + getattr(article, "_newsplugin_previous_urls", [])
    return purge_urls(urls + translation_urls(article))


def author_urls(author):
    """Full URLs that show ``author``'s name: archives, their feeds, and bylines, in
    every language (an article may name an author's translation)."""
    urls = []
    versions = list(Author.objects.filter(translation_key=author.translation_key)) or [author]
    for index in NewsIndexPage.objects.live():
        for version in {v.slug: v for v in [author, *versions]}.values():
            urls.append(index.author_url(version, full=True))
            urls += [index.feed_url(f, author=version, full=True) for f in ("rss", "atom")]
    articles = ArticlePage.objects.live().filter(**by_author(author)).distinct()
    for article in articles:
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
