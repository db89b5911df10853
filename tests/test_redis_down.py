"""With Redis gone the site answers from the database, logs the outage once, and posts work.

Redis is a closed loopback port here (nothing listens on 127.0.0.1:1), reached
through the real redis-py client: Django's ``RedisCache`` for what the plugin
guards itself (page cache, flood control), and the example site's production
backend, ``DegradingRedisCache``, for the whole site (Wagtail reads its site
list from the default cache before serving any page).
"""

import logging

import pytest
from django.core.cache import caches
from django.http import HttpResponse

from newsplugin.cache import backends
from newsplugin.cache.middleware import CACHE_HEADER, AnonymousPageCacheMiddleware, mark_cacheable
from newsplugin.comments.rules import ArticleRules, CommentContext, CommentRefused, refuse_floods
from newsplugin.models import ArticleComment

from .builders import comment_form_data
from .moderation_helpers import QUEUE_URL, make_moderator

pytestmark = pytest.mark.django_db

NOWHERE = "redis://127.0.0.1:1/0"
DJANGO_REDIS = "django.core.cache.backends.redis.RedisCache"
DEGRADING_REDIS = "newsplugin.cache.backends.DegradingRedisCache"


def redis_down(settings, backend):
    settings.CACHES = {
        "default": {
            "BACKEND": backend,
            "LOCATION": NOWHERE,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 300


@pytest.fixture
def outage_log(caplog):
    caplog.set_level(logging.INFO)

    def records():
        return [r for r in caplog.records if r.levelno >= logging.WARNING]

    return records


def test_the_page_cache_falls_through_to_the_page(rf, settings, outage_log):
    redis_down(settings, DJANGO_REDIS)

    def news_page(request):
        mark_cacheable(request)
        return HttpResponse("Pasar Dibuka")

    middleware = AnonymousPageCacheMiddleware(news_page)
    for _ in range(20):
        response = middleware(rf.get("/berita/"))
        assert response.status_code == 200 and response.content == b"Pasar Dibuka"
        assert response[CACHE_HEADER] == "miss"
    [warning] = outage_log()
    assert "page cache is unavailable" in warning.getMessage()
    assert warning.exc_info is None


def test_flood_control_counts_in_this_process_while_redis_is_down(settings, outage_log):
    redis_down(settings, DJANGO_REDIS)
    comment = ArticleComment(user_email="sari@example.com", ip_address="203.0.113.9", comment="x")
    context = CommentContext(comment, None, ArticleRules(flood_seconds=30))
    refuse_floods(context)
    with pytest.raises(CommentRefused) as refusal:
        refuse_floods(context)
    assert refusal.value.status_code == 429
    [warning] = outage_log()
    assert "flood-control cache is unavailable" in warning.getMessage()


@pytest.fixture
def site_without_redis(settings, english):
    redis_down(settings, DEGRADING_REDIS)


def test_readers_get_every_page_and_endpoint(client, site_without_redis, article, outage_log):
    answers = {
        url: client.get(url)
        for url in [
            article.url,
            article.get_parent().url,
            f"/comments/token/?object_pk={article.pk}",
            f"/comments/articles/{article.pk}/",
            "/news-sitemap.xml",
            "/sitemap.xml",
            "/admin/login/",
        ]
    }
    assert {url: r.status_code for url, r in answers.items()} == dict.fromkeys(answers, 200)
    assert b"Pasar Ikan" in answers[article.url].content
    assert client.get(article.url).status_code == 200  # no cache, rendered again
    [warning] = outage_log()
    assert "Redis" in warning.getMessage() and warning.exc_info is None


def test_posting_works_and_flood_control_still_holds(
    client, site_without_redis, article, outage_log
):
    response = client.post("/comments/post/", comment_form_data(article))
    assert response.status_code == 303
    again = client.post("/comments/post/", comment_form_data(article, comment="Lagi."))
    assert again.status_code == 429
    assert "too quickly" in again.content.decode()
    assert ArticleComment.objects.count() == 1
    assert all(r.exc_info is None for r in outage_log())


def test_moderators_log_in_and_work_the_queue(client, site_without_redis, article, outage_log):
    make_moderator()
    login = client.post("/admin/login/", {"username": "moderator", "password": "pw"})
    assert login.status_code == 302
    assert client.get(QUEUE_URL).status_code == 200
    assert client.get("/admin/").status_code == 200
    assert all(r.exc_info is None for r in outage_log())


def test_the_cache_comes_back_by_itself(settings, caplog):
    caplog.set_level(logging.INFO)
    settings.CACHES = {"default": {"BACKEND": DEGRADING_REDIS, "LOCATION": NOWHERE}}
    assert caches["default"].get("anything", "default") == "default"
    settings.CACHES = {
        "default": {"BACKEND": DEGRADING_REDIS, "LOCATION": "redis://127.0.0.1:6379/5"}
    }
    backends.outage._last_failure -= backends.outage.retry_after  # the pause is over
    caches["default"].set("newsplugin-test-back", "yes", 5)
    assert caches["default"].get("newsplugin-test-back") == "yes"
    assert not backends.outage.is_down
    assert [r.levelname for r in caplog.records if r.name == "newsplugin.outage"] == [
        "WARNING",
        "INFO",
    ]


def test_one_redis_client_serves_every_call_and_outlives_a_restart(settings):
    """Django makes a redis.Redis per cache call; the backend keeps one per pool, and
    the pool reconnects after Redis drops its connections (as a restart does)."""
    settings.CACHES = {
        "default": {"BACKEND": DEGRADING_REDIS, "LOCATION": "redis://127.0.0.1:6379/5"}
    }
    cache = caches["default"]
    cache.set("newsplugin-test-client", "pertama", 30)
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    # As a restart does to it: Redis closes this process's connection.
    client.client_kill_filter(_id=client.client_id(), skipme=False)
    backends.outage._last_failure -= backends.outage.retry_after
    answers = [cache.get("newsplugin-test-client") for _ in range(3)]
    assert answers[-1] == "pertama"
    assert cache._cache.get_client() is client
