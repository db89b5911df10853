"""A shared cache of anonymous newsplugin pages.

``AnonymousPageCacheMiddleware`` keeps pages in Django's cache
(``NEWSPLUGIN_PAGE_CACHE_ALIAS``; Redis in production, so every worker and
server shares it) for ``NEWSPLUGIN_PAGE_CACHE_TIMEOUT`` seconds, marked
``public, s-maxage`` so a CDN may keep them too. Only what is the same for every reader is stored: a
request with a session cookie, a preview, or a response that sets a cookie or
used a CSRF token is never cached.

Each page address has a version in the cache; ``purge`` replaces it when what
the page shows changes, and ``signals`` decides when that is.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from wagtail.models import Site

from ..conf import conf
from ..models import NewsPageMixin

CACHE_HEADER = "X-Newsplugin-Cache"
_STORED_HEADERS = ("Content-Type", "Content-Language")


def page_cache():
    return caches[conf.PAGE_CACHE_ALIAS]


def version_key(site_id, path):
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
    cache = page_cache()
    address_key = version_key(site_id, request.path)
    version = cache.get(address_key)
    if version is None:
        cache.add(address_key, uuid.uuid4().hex, timeout=None)
        version = cache.get(address_key)
    variant = hashlib.sha256(
        f"{request.method}|{get_language()}|{request.GET.urlencode()}".encode()
    ).hexdigest()
    return f"{address_key}:{version}:{variant}"


def mark_cacheable(request):
    """Let the middleware store the response to ``request``."""
    request.newsplugin_cacheable = True


def mark_news_pages_cacheable(page, request, serve_args, serve_kwargs):
    """A ``before_serve_page`` hook: only newsplugin pages go into the page cache.

    Registered to run after Wagtail's own hooks, so a page that answers with a
    password form or a login redirect is never marked.
    """
    if isinstance(page, NewsPageMixin):
        mark_cacheable(request)


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
        cache = page_cache()
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


