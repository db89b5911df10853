"""A shared cache of anonymous newsplugin pages.

``AnonymousPageCacheMiddleware`` keeps pages in Django's cache
(``NEWSPLUGIN_PAGE_CACHE_ALIAS``; Redis in production, so every worker and
server shares it) for ``NEWSPLUGIN_PAGE_CACHE_TIMEOUT`` seconds, marked
``public, s-maxage`` so a CDN may keep them too. Only what is the same for every
reader is stored: a request with a session cookie, a preview, or a response
that sets a cookie or used a CSRF token is never cached.

A hit costs no query and no URL routing: the key is the host, the path, the
query parameters that change a page (``KEY_PARAMETERS``; any other query string
shares the canonical entry) and the language the reader would be answered in.
Nothing is written until a response is known to be cacheable, and every key
expires. Each address has a version; ``purge`` replaces it when what the page
shows changes, and ``signals`` decides when that is. When the cache fails the
reader gets the page from the database, and the log gets one warning.
"""

import hashlib
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import (
    get_language,
    get_language_from_path,
    get_language_from_request,
)

from ..conf import conf
from ..models import NewsPageMixin
from ..outage import Outage

CACHE_HEADER = "X-Newsplugin-Cache"
# The query parameters that change what a news page shows; any other (utm_source,
# a random cache-buster) is served the canonical page.
KEY_PARAMETERS = ("page", "comment-page", "reply_to")
LOCALE_MIDDLEWARE = "django.middleware.locale.LocaleMiddleware"
# Never replayed to another reader (Set-Cookie), or about one connection only.
_UNSTORED_HEADERS = {"set-cookie", "connection", "keep-alive", "transfer-encoding", "date"}
# Vary headers the key already accounts for: the language, and the cookies, which
# for a cacheable request hold no session and for a stored page no CSRF token.
_KEYED_VARY = {"accept-language", "cookie"}

outage = Outage("The page cache")


def page_cache():
    return caches[conf.PAGE_CACHE_ALIAS]


def version_timeout():
    """A version outlives the pages stored under it; purging replaces it early."""
    return 2 * conf.PAGE_CACHE_TIMEOUT


def version_key(path):
    """The cache key of the version of every page at ``path``, on any host."""
    digest = hashlib.sha256(path.encode()).hexdigest()
    return f"newsplugin:page:{digest}"


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


def request_language(request):
    """The language ``LocaleMiddleware`` (if installed below) will answer ``request`` in,
    decided as it decides: with ``i18n_patterns(prefix_default_language=False)`` the
    address alone (unprefixed is ``LANGUAGE_CODE``: the language cookie and
    ``Accept-Language`` change nothing), otherwise the prefix, the cookie, then
    ``Accept-Language``."""
    if LOCALE_MIDDLEWARE not in settings.MIDDLEWARE:
        return get_language()  # nothing below will change it
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    patterns_used, prefixed_default = is_language_prefix_patterns_used(urlconf)
    if patterns_used and not prefixed_default and not get_language_from_path(request.path_info):
        return settings.LANGUAGE_CODE
    return get_language_from_request(request, check_path=patterns_used)


def response_language(response):
    return response.get("Content-Language") or get_language()


def variant(request, language):
    """What, besides the path and its version, tells one stored page from another."""
    params = urlencode(
        sorted((name, value) for name in KEY_PARAMETERS for value in request.GET.getlist(name))
    )
    text = f"{request.method}|{request.get_host()}|{language}|{params}"
    return hashlib.sha256(text.encode()).hexdigest()


def vary_headers(response):
    """The request headers, outside the key, that the response says it depends on."""
    if not response.has_header("Vary"):
        return []
    names = {name.strip().lower() for name in response["Vary"].split(",") if name.strip()}
    return sorted(names - _KEYED_VARY)


def _meta_name(header):
    return "HTTP_" + header.upper().replace("-", "_")


def vary_values(request, names):
    return {name: request.META.get(_meta_name(name), "") for name in names}


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
    """Answers anonymous readers from the shared cache before any URL routing or query,
    and stores newsplugin pages as they are served.

    Put it near the top of ``MIDDLEWARE``, above the session, CSRF and locale
    middleware, so that the cookies they set are seen here (such responses are
    not stored) and the headers they add are stored with the page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        try:
            language = request_language(request)
            key_variant = variant(request, language)
        except DisallowedHost:
            return self.get_response(request)  # Django answers 400 further down
        address_key = version_key(request.path)
        version, stored = self.lookup(address_key, key_variant)
        if stored is not None and vary_values(request, stored["vary"]) == stored["vary_values"]:
            return self.replay(stored)

        response = self.get_response(request)
        if (
            getattr(request, "newsplugin_cacheable", False)
            and is_cacheable_response(request, response)
            # Only what was rendered in the language the key names.
            and response_language(response) == language
        ):
            patch_cache_control(response, public=True, s_maxage=conf.PAGE_CACHE_TIMEOUT)
            if version is not False and stored is None:
                self.store(request, response, address_key, version, key_variant)
            response[CACHE_HEADER] = "miss"
        return response

    def lookup(self, address_key, key_variant):
        """(version, stored page); the version is False when the cache is unreachable."""
        if outage.should_skip():
            return False, None
        cache = page_cache()
        try:
            version = cache.get(address_key)
            stored = None
            if version is not None:
                stored = cache.get(f"{address_key}:{version}:{key_variant}")
        except Exception as error:  # any backend's connection error: serve from the database
            outage.failed(error)
            return False, None
        outage.recovered()
        return version, stored

    def store(self, request, response, address_key, version, key_variant):
        cache = page_cache()
        vary = vary_headers(response)
        entry = {
            "content": response.content,
            "status": response.status_code,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in _UNSTORED_HEADERS and name != CACHE_HEADER
            ],
            "vary": vary,
            "vary_values": vary_values(request, vary),
        }
        try:
            if version is None:
                version = uuid.uuid4().hex
                # Another worker, or a purge, got there first: store nothing this time
                # rather than under a version that may already be stale.
                if not cache.add(address_key, version, timeout=version_timeout()):
                    return
            cache.set(f"{address_key}:{version}:{key_variant}", entry, conf.PAGE_CACHE_TIMEOUT)
        except Exception as error:
            outage.failed(error)

    def replay(self, stored):
        response = HttpResponse(stored["content"], status=stored["status"])
        for name, value in stored["headers"]:
            response[name] = value
        response[CACHE_HEADER] = "hit"
        return response
