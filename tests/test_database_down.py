"""With the database gone, cached pages are still served and everything else is a 503.

Runs the site in a child process whose PostgreSQL is a closed loopback port
(nothing listens on 127.0.0.1:1), through the real psycopg driver.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SETTINGS = textwrap.dedent(
    """
    from tests.settings import *  # noqa

    DATABASES = {"default": {
        "ENGINE": "django.db.backends.postgresql", "NAME": "newsplugin", "USER": "postgres",
        "HOST": "127.0.0.1", "PORT": "1", "OPTIONS": {"connect_timeout": 2},
    }}
    NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 300
    """
)

# As the example site's production settings log: everything to standard error.
LOGGING = textwrap.dedent(
    """
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": "INFO"},
    }
    """
)

READER = textwrap.dedent(
    """
    import json, time
    import django
    django.setup()
    from django.http import HttpResponse
    from django.test import Client, RequestFactory
    from newsplugin.cache.middleware import AnonymousPageCacheMiddleware, mark_cacheable

    def article_as_it_was(request):
        mark_cacheable(request)
        return HttpResponse("Pasar Dibuka, as cached before the outage")

    # A page stored while the database was up.
    AnonymousPageCacheMiddleware(article_as_it_was)(RequestFactory().get("/berita/pasar-dibuka/"))

    client, answers = Client(), []
    for method, url in [
        ("get", "/berita/pasar-dibuka/"),
        ("get", "/berita/"),
        ("get", "/berita/pasar-dibuka/?utm_source=feed"),
        ("get", "/berita/lain/"),
        ("get", "/comments/token/?object_pk=1"),
        ("get", "/comments/articles/1/"),
        ("get", "/news-sitemap.xml"),
        ("get", "/?p=5"),  # a WordPress short link: its redirect is looked up first
        ("post", "/comments/post/"),
    ]:
        started = time.monotonic()
        response = getattr(client, method)(url)
        answers.append({
            "url": url, "method": method, "status": response.status_code,
            "retry_after": response.get("Retry-After"), "body": response.content.decode(),
            "seconds": time.monotonic() - started,
        })
    print(json.dumps(answers))
    """
)


def run_without_database(tmp_path):
    (tmp_path / "down_settings.py").write_text(SETTINGS)
    (tmp_path / "reader.py").write_text(READER)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "down_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT), str(ROOT / "example_site")]),
    }
    result = subprocess.run(
        [sys.executable, str(tmp_path / "reader.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


def test_cached_pages_are_served_and_the_rest_is_503_with_retry_after(tmp_path):
    answers, log = run_without_database(tmp_path)
    cached, *uncached = answers
    assert cached["status"] == 200
    assert "as cached before the outage" in cached["body"]
    assert answers[2]["status"] == 200  # an unknown query string: the same cached page
    uncached = [answer for answer in answers if answer is not cached and answer is not answers[2]]
    assert {a["url"]: a["status"] for a in uncached} == {a["url"]: 503 for a in uncached}
    for answer in uncached:
        assert answer["retry_after"] == "30"
        assert "Situs ini sedang tidak dapat diakses" in answer["body"]
        assert "The site is briefly unavailable" in answer["body"]
        assert "Traceback" not in answer["body"]
        assert answer["seconds"] < 5
    assert "Traceback" not in log
    assert log.count("The database is unavailable") == 1, log


SESSION_URLS = textwrap.dedent(
    """
    from django.http import HttpResponse
    from django.urls import path
    from newsplugin.models import ArticleComment
    from tests.urls import urlpatterns as site_urlpatterns

    def remember_then_read(request):
        request.session["np_seen"] = True  # as the comment views do for a reader
        return HttpResponse(str(ArticleComment.objects.count()))

    def remember_only(request):
        # Nothing read: only saving the session, below the view, needs the database.
        request.session["np_seen"] = True
        return HttpResponse("done")

    urlpatterns = [
        path("remember-then-read/", remember_then_read),
        path("remember-only/", remember_only),
        *site_urlpatterns,
    ]
    """
)

SESSION_READER = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.test import Client
    client, answers = Client(raise_request_exception=False), []
    for url in ["/remember-then-read/", "/remember-only/"]:
        response = client.get(url)
        answers.append({"url": url, "status": response.status_code,
                        "retry_after": response.get("Retry-After"),
                        "body": response.content.decode()})
    print(json.dumps(answers))
    """
)


def run_session_reader(tmp_path, settings_tail):
    """SESSION_READER's answers and standard error, on the down settings plus ``settings_tail``."""
    (tmp_path / "down_urls.py").write_text(SESSION_URLS)
    (tmp_path / "down_settings.py").write_text(
        SETTINGS + '\nROOT_URLCONF = "down_urls"\n' + settings_tail + LOGGING
    )
    (tmp_path / "reader.py").write_text(SESSION_READER)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "down_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT), str(ROOT / "example_site")]),
    }
    result = subprocess.run([sys.executable, str(tmp_path / "reader.py")], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


def test_a_session_that_cannot_be_saved_is_still_the_503_not_a_500(tmp_path):
    # The session middleware saves after the view: without care, the 503 of a
    # view that lost the database became a 500 there, and so did a view that
    # needed no row but changed the session.
    answers, stderr = run_session_reader(tmp_path, "")
    assert [(a["url"], a["status"], a["retry_after"]) for a in answers] == [
        ("/remember-then-read/", 503, "30"),
        ("/remember-only/", 503, "30"),
    ]
    # The outage is logged once, not as an "Internal Server Error" with a traceback.
    assert "Traceback" not in stderr and "Internal Server Error" not in stderr
    assert stderr.count("The database is unavailable") == 1, stderr
    for answer in answers:
        assert "The site is briefly unavailable" in answer["body"]


def test_a_session_saved_above_the_guard_is_a_500_and_logged(tmp_path):
    """Sessions placed above DatabaseUnavailableMiddleware: their failure is not the
    guard's to answer, so Django's 500 and its log stay (nothing hidden)."""
    moved = textwrap.dedent(
        """
        _sessions = "django.contrib.sessions.middleware.SessionMiddleware"
        MIDDLEWARE = [_sessions, *(m for m in MIDDLEWARE if m != _sessions)]
        """
    )
    answers, stderr = run_session_reader(tmp_path, moved)
    assert [(a["url"], a["status"]) for a in answers] == [
        ("/remember-then-read/", 503),
        ("/remember-only/", 500),
    ]
    assert "Internal Server Error: /remember-only/" in stderr
