"""A shared cache of anonymous newsplugin pages, and purging it when articles change.

``AnonymousPageCacheMiddleware`` keeps pages in Django's cache
(``NEWSPLUGIN_PAGE_CACHE_ALIAS``; Redis in production, so every worker and
server shares it) for ``NEWSPLUGIN_PAGE_CACHE_TIMEOUT`` seconds, marked
``public, s-maxage`` so a CDN may keep them too. Only what is the same for every reader is stored: a
request with a session cookie, a preview, or a response that sets a cookie or
used a CSRF token is never cached.

Each page address has a version in the cache; purging an address replaces its
version, which retires every cached variant of it (``?page=2``…) at once.
Publishing or unpublishing (or deleting) an article purges the article, its
index, the archives of its authors and tags, and their feeds; editing an author
purges their archives and bylines; from Django's cache and,
when ``WAGTAILFRONTENDCACHE`` is configured, from the CDN through
``wagtail.contrib.frontend_cache``.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from wagtail.models import Site

from .conf import conf

CACHE_HEADER = "X-Newsplugin-Cache"
_STORED_HEADERS = ("Content-Type", "Content-Language")


def _cache():
    return caches[conf.PAGE_CACHE_ALIAS]


def _version_key(site_id, path):
    digest = hashlib.sha256(path.encode()).hexdigest()
    return f"newsplugin:page:{site_id}:{digest}"


def is_cacheable_request(request):
    return (
        conf.PAGE_CACHE_TIMEOUT > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not getattr(request, "is_preview", False)
    )


def is_cacheable_response(request, response):
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        # A CSRF token in the HTML belongs to one reader.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and "private" not in response.get("Cache-Control", "")
    )


def _content_key(request, site_id):
    cache = _cache()
    version_key = _version_key(site_id, request.path)
    version = cache.get(version_key)
    if version is None:
        cache.add(version_key, uuid.uuid4().hex, timeout=None)
        version = cache.get(version_key)
    variant = hashlib.sha256(
        f"{request.method}|{get_language()}|{request.GET.urlencode()}".encode()
    ).hexdigest()
    return f"{version_key}:{version}:{variant}"


def mark_cacheable(request):
    """Let the middleware store this response: called by every newsplugin page's serve()."""
    request.newsplugin_cacheable = True


class AnonymousPageCacheMiddleware:
    """Answers anonymous readers from the shared cache before any URL routing or query
    but one (finding the Wagtail site), and stores newsplugin pages as they are served.

    Put it near the top of ``MIDDLEWARE``, above the session and CSRF middleware,
    so that the cookies they set are seen here and such responses are not stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        site = Site.find_for_request(request)
        if site is None:
            return self.get_response(request)
        cache = _cache()
        key = _content_key(request, site.pk)
        stored = cache.get(key)
        if stored is not None:
            response = HttpResponse(stored["content"])
            for header, value in stored["headers"].items():
                response[header] = value
            response[CACHE_HEADER] = "hit"
            return response

        response = self.get_response(request)
        if getattr(request, "newsplugin_cacheable", False) and is_cacheable_response(
            request, response
        ):
            patch_cache_control(response, public=True, s_maxage=conf.PAGE_CACHE_TIMEOUT)
            headers = {
                h: response[h] for h in (*_STORED_HEADERS, "Cache-Control") if h in response
            }
            cache.set(
                key, {"content": response.content, "headers": headers}, conf.PAGE_CACHE_TIMEOUT
            )
            response[CACHE_HEADER] = "miss"
        return response


def article_urls(article):
    """Full URLs whose content shows ``article``: itself, its index, archives and feeds."""
    from .models import NewsIndexPage

    urls = [article.get_full_url()]
    parent = article.get_parent().specific
    if isinstance(parent, NewsIndexPage):
        urls += index_urls(parent)
        for author in article.get_authors():
            urls.append(parent.author_url(author, full=True))
            urls += [parent.feed_url(f, author=author, full=True) for f in ("rss", "atom")]
        for tag in article.tags.all():
            urls.append(parent.tag_url(tag, full=True))
            urls += [parent.feed_url(f, tag=tag, full=True) for f in ("rss", "atom")]
    return [url for url in dict.fromkeys(urls) if url]


def index_urls(index):
    return [index.get_full_url(), *(index.feed_url(f, full=True) for f in ("rss", "atom"))]


def purge_urls(urls):
    """Forget ``urls`` in Django's page cache and, where configured, in the CDN."""
    urls = list(dict.fromkeys(urls))
    if conf.PAGE_CACHE_TIMEOUT > 0:
        roots = [(site.pk, site.root_url.rstrip("/")) for site in Site.objects.all()]
        keys = [
            _version_key(site_id, url[len(root) :])
            for url in urls
            for site_id, root in roots
            if url.startswith(root + "/")
        ]
        _cache().delete_many(keys)
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        from wagtail.contrib.frontend_cache.utils import PurgeBatch

        PurgeBatch(urls).purge()
    return urls


def purge_article(article):
    """Purge everything that shows ``article``, and what showed its previous live version."""
    urls = article_urls(article) + getattr(article, "_newsplugin_previous_urls", [])
    return purge_urls(urls)


def remember_live_urls(sender, instance, update_fields=None, raw=False, **kwargs):
    """Before a full save, note where the live version appears (old authors, tags, slug)."""
    if raw or update_fields is not None or instance.pk is None:
        return
    live = type(instance).objects.live().filter(pk=instance.pk).first()
    if live is not None:
        instance._newsplugin_previous_urls = article_urls(live)


def author_urls(author):
    """Full URLs that show ``author``'s name: archives, their feeds, and bylines."""
    from .models import ArticlePage, NewsIndexPage

    urls = []
    for index in NewsIndexPage.objects.live():
        urls.append(index.author_url(author, full=True))
        urls += [index.feed_url(f, author=author, full=True) for f in ("rss", "atom")]
    for article in ArticlePage.objects.live().filter(article_authors__author=author).distinct():
        urls.append(article.get_full_url())
    return [url for url in urls if url]


def on_author_saved(sender, instance, created=False, raw=False, **kwargs):
    if not created and not raw:
        purge_urls(author_urls(instance))


def on_page_published(sender, instance, **kwargs):
    from .models import ArticlePage, NewsIndexPage

    if isinstance(instance, ArticlePage):
        purge_article(instance)
    elif isinstance(instance, NewsIndexPage):
        purge_urls(index_urls(instance))


def on_page_unpublished(sender, instance, **kwargs):
    from .models import ArticlePage, NewsIndexPage

    if isinstance(instance, ArticlePage):
        purge_article(instance)
    elif isinstance(instance, NewsIndexPage):
        purge_urls(index_urls(instance))


def full_urls_for_path(url_path):
    """Where a page with ``url_path`` was served on each site (before a move, say)."""
    urls = []
    for site in Site.objects.select_related("root_page"):
        root_path = site.root_page.url_path
        if url_path.startswith(root_path):
            urls.append(site.root_url.rstrip("/") + "/" + url_path[len(root_path) :])
    return urls


def on_page_moved(sender, instance, parent_page_before, url_path_before, **kwargs):
    """A moved article leaves its old address and its old index, and appears at the new ones."""
    from .models import ArticlePage, NewsIndexPage

    page = instance.specific
    if not isinstance(page, ArticlePage):
        return
    urls = full_urls_for_path(url_path_before)
    old_parent = parent_page_before.specific
    if isinstance(old_parent, NewsIndexPage):
        urls += index_urls(old_parent)
    purge_urls(urls + (article_urls(page) if page.live else []))


def on_comment_changed(sender, instance, raw=False, **kwargs):
    """Approving, rejecting, editing or deleting a public comment changes the article's pages.

    A comment that was never public (a new post waiting for a moderator) changes
    nothing anyone else sees, so it purges nothing.
    """
    if raw or not (instance.is_public or instance.was_public):
        return
    article = instance.article
    if article is not None:
        purge_article(article)


def connect_signals():
    from django.db.models.signals import post_delete, post_save, pre_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import ArticleComment, ArticlePage, Author

    post_save.connect(on_comment_changed, sender=ArticleComment, dispatch_uid="newsplugin_comment")
    post_delete.connect(
        on_comment_changed, sender=ArticleComment, dispatch_uid="newsplugin_comment_deleted"
    )

    pre_save.connect(remember_live_urls, sender=ArticlePage, dispatch_uid="newsplugin_live_urls")
    post_save.connect(on_author_saved, sender=Author, dispatch_uid="newsplugin_purge_author")
    page_published.connect(on_page_published, dispatch_uid="newsplugin_purge_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="newsplugin_purge_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="newsplugin_purge_moved")
