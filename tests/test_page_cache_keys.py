"""What the page cache stores, under which key, and what a hit gives back.

Most of these run on a real Redis (DB 5, a key prefix of their own) so that the
keys an operator would see are what is asserted.
"""

import uuid

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection
from django.http import HttpResponse
from django.utils import translation

from newsplugin.cache import purge
from newsplugin.cache.middleware import CACHE_HEADER, AnonymousPageCacheMiddleware, mark_cacheable

from .builders import make_article, make_index, translate

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/5"
LOCALE = "django.middleware.locale.LocaleMiddleware"


@pytest.fixture
def redis_cache(settings):
    prefix = f"test-page-cache-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 300
    server = redis.Redis.from_url(REDIS_URL)
    yield lambda: sorted(key.decode() for key in server.scan_iter(f"{prefix}:*"))
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


@pytest.fixture
def page_keys(redis_cache):
    """The page cache's own keys (Wagtail keeps its site list in the same cache)."""
    return lambda: [key for key in redis_cache() if "newsplugin:page:" in key]


@pytest.fixture
def with_locale(settings):
    """Django's documented order: LocaleMiddleware after sessions, below the page cache
    (the example site's settings have it there already)."""
    middleware = list(settings.MIDDLEWARE)
    if LOCALE not in middleware:
        middleware.insert(
            middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1, LOCALE
        )
    settings.MIDDLEWARE = middleware
    yield
    translation.deactivate()  # LocaleMiddleware leaves the last reader's language active


@pytest.fixture
def article():
    return make_article(make_index(), "Pasar Dibuka")


def test_nothing_is_written_for_404s_and_pages_that_are_not_news(client, page_keys, article):
    assert client.get("/berita/no-such-article/").status_code == 404
    assert client.get("/comments/token/", {"object_pk": article.pk}).status_code == 200
    assert client.get("/search/", {"q": "pasar"}).status_code == 200
    assert page_keys() == []


def test_every_key_expires(client, redis_cache, article):
    client.get(article.url)
    assert client.get(article.url)[CACHE_HEADER] == "hit"
    server = redis.Redis.from_url(REDIS_URL)
    keys = redis_cache()
    assert len([key for key in keys if "newsplugin:page:" in key]) == 2  # version and page
    assert all(server.ttl(key) > 0 for key in keys), {key: server.ttl(key) for key in keys}


def test_unknown_query_strings_share_the_canonical_page(client, page_keys, article):
    index = article.get_parent()
    assert client.get(index.url)[CACHE_HEADER] == "miss"
    for n in range(5):
        response = client.get(index.url, {"utm_source": f"feed{n}", "_": str(uuid.uuid4())})
        assert response[CACHE_HEADER] == "hit"
    assert len(page_keys()) == 2
    # A parameter that changes the page has its own entry.
    assert client.get(index.url, {"page": "2"})[CACHE_HEADER] == "miss"
    assert client.get(index.url, {"page": "2", "utm_source": "x"})[CACHE_HEADER] == "hit"
    assert len(page_keys()) == 3


def test_a_hit_has_every_header_the_page_had_but_cookies(client, page_cache_on, article):
    first = client.get(article.url)
    second = client.get(article.url)
    assert second[CACHE_HEADER] == "hit"
    assert second["X-Frame-Options"] == "DENY"  # added by middleware below the cache

    def headers(response):
        return {k: v for k, v in response.items() if k not in (CACHE_HEADER, "Date")}

    assert headers(second) == headers(first)


@pytest.fixture
def page_cache_on(settings):
    settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 300


READERS = pytest.mark.parametrize(
    "english, indonesian",
    [
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, {"HTTP_ACCEPT_LANGUAGE": "id"}),
        (
            {"HTTP_COOKIE": f"{django_settings.LANGUAGE_COOKIE_NAME}=en"},
            {"HTTP_COOKIE": f"{django_settings.LANGUAGE_COOKIE_NAME}=id"},
        ),
    ],
    ids=["accept-language", "language-cookie"],
)


@READERS
def test_each_address_keeps_its_language_whatever_the_reader_asks(
    client, page_keys, with_locale, article, english, indonesian
):
    """Indonesian unprefixed, English under /en/ (the example site's i18n_patterns):
    one entry per address, shared by every reader, never another language's page."""
    translation_ = translate(article, title="Market Opens", slug="market-opens")
    editions = ((article.url, "id"), (translation_.url, "en"))
    first = {}
    for round_ in range(3):
        for headers in (english, indonesian):
            for url, language in editions:
                response = client.get(url, **headers)
                assert response.status_code == 200
                assert response["Content-Language"] == language
                assert f'<html lang="{language}">' in response.content.decode()
                if round_ == 0 and headers is english:
                    assert response[CACHE_HEADER] == "miss"
                    first[url] = response
                else:
                    # A hit, for any reader, with the headers the page had (Vary too).
                    assert response[CACHE_HEADER] == "hit"
                    assert response["Vary"] == first[url]["Vary"]
    # Django says the unprefixed page varies on Accept-Language; the key knows better.
    assert "Accept-Language" in first[article.url]["Vary"]
    assert len(page_keys()) == 4  # a version and a page for each address


@READERS
def test_without_content_localisation_readers_choose_the_interface_language(
    client, settings, page_cache_on, with_locale, article, english, indonesian
):
    """One edition, no i18n_patterns: LocaleMiddleware follows the cookie or
    Accept-Language, and the page cache keeps one entry per language."""
    settings.WAGTAIL_I18N_ENABLED = False
    settings.ROOT_URLCONF = "tests.urls_single_language"
    for _ in range(3):
        for headers, language in ((indonesian, "id"), (english, "en")):
            response = client.get(article.url, **headers)
            assert response.status_code == 200
            assert response["Content-Language"] == language
            assert f'<html lang="{language}">' in response.content.decode()
            assert "Accept-Language" in response["Vary"]
    assert response[CACHE_HEADER] == "hit"


def test_a_page_rendered_in_another_language_than_the_key_is_not_stored(rf, page_cache_on, article):
    def answers_in_english(request):
        mark_cacheable(request)
        response = HttpResponse("Hello")
        response["Content-Language"] = "en"  # the site's language is Indonesian
        return response

    middleware = AnonymousPageCacheMiddleware(answers_in_english)
    middleware(rf.get("/berita/"))
    assert CACHE_HEADER not in middleware(rf.get("/berita/"))


def test_a_hit_honours_vary_on_other_request_headers(rf, page_cache_on, article):
    def depends_on_the_user_agent(request):
        mark_cacheable(request)
        response = HttpResponse(f"for {request.headers.get('User-Agent')}")
        response["Vary"] = "User-Agent"
        return response

    middleware = AnonymousPageCacheMiddleware(depends_on_the_user_agent)
    middleware(rf.get("/berita/", HTTP_USER_AGENT="phone"))
    assert middleware(rf.get("/berita/", HTTP_USER_AGENT="phone"))[CACHE_HEADER] == "hit"
    desktop = middleware(rf.get("/berita/", HTTP_USER_AGENT="desktop"))
    assert desktop.content == b"for desktop"
    assert desktop[CACHE_HEADER] == "miss"
    assert desktop["Vary"] == "User-Agent"


def test_a_page_rendered_before_a_purge_is_not_stored_after_it(rf, page_cache_on, article):
    edition = iter(["old", "new", "new"])

    def purged_while_rendering(request):
        mark_cacheable(request)
        content = next(edition)
        if content == "old":
            purge._purge_now(["http://localhost/berita/"])  # an editor published meanwhile
        return HttpResponse(content)

    middleware = AnonymousPageCacheMiddleware(purged_while_rendering)
    assert middleware(rf.get("/berita/")).content == b"old"
    assert middleware(rf.get("/berita/")).content == b"new"
    assert middleware(rf.get("/berita/")).content == b"new"


def test_purges_wait_for_the_commit_and_run_once_per_address(
    client, settings, page_cache_on, article, django_capture_on_commit_callbacks
):
    from .builders import make_comment
    from .test_page_cache import PURGED

    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "tests.test_page_cache.RecordingBackend"}}
    first = make_comment(article, "Satu.", approved=False)
    second = make_comment(article, "Dua.", approved=False)
    client.get(article.url)
    PURGED.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        for comment in (first, second):
            comment.is_public = True  # a moderator approves both in one transaction
            comment.save()
        assert PURGED == []
        assert client.get(article.url)[CACHE_HEADER] == "hit"  # not purged under the lock
        assert connection.in_atomic_block
    for callback in callbacks:
        callback()
    assert PURGED.count(f"http://localhost{article.url}") == 1
    response = client.get(article.url)
    assert response[CACHE_HEADER] == "miss" and "Dua." in response.content.decode()
