"""The example site's production settings pass Django's deployment checks."""

import json
import os
import subprocess
import sys
from pathlib import Path

MANAGE = Path(__file__).resolve().parent.parent / "example_site" / "manage.py"

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "example_site.settings_production",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/publishing",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "SECRET_KEY": "x7" * 30 + "-production-test-key-with-enough-variety-QWERTY",
    "ALLOWED_HOSTS": "news.example.org",
    "SECURE_HSTS_SECONDS": "3600",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "MAIL_URL": "smtp://mailer:secret@smtp.example.org:587?starttls=1",
    "TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8",
}

SHOW = """
import json
from django.conf import settings
from django.core.management import call_command
call_command("check", deploy=True, fail_level="WARNING")
print(json.dumps({
    "debug": settings.DEBUG,
    "middleware": settings.MIDDLEWARE[:6],
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "page_cache": settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT,
    "trusted_proxies": settings.NEWSPLUGIN_TRUSTED_PROXIES,
    "tasks": settings.TASKS[settings.NEWSPLUGIN_NOTIFICATION_TASK_BACKEND]["BACKEND"],
    "mail_timeout": (
        settings.MAILERS["default"]["OPTIONS"]["timeout"]
        if hasattr(settings, "MAILERS") else settings.EMAIL_TIMEOUT
    ),
    "database_timeout": settings.DATABASES["default"]["OPTIONS"]["connect_timeout"],
    "secure_cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
    "headers": [settings.SECURE_CONTENT_TYPE_NOSNIFF, settings.SECURE_REFERRER_POLICY,
                settings.X_FRAME_OPTIONS],
}))
"""


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, str(MANAGE), *args], env=clean, capture_output=True, text=True
    )


def test_production_settings_pass_the_deploy_checks():
    result = manage("shell", "--no-imports", "-c", SHOW, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["debug"] is False
    assert shown["middleware"][:6] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "django.middleware.gzip.GZipMiddleware",
        "example_site.security.ContentSecurityPolicyMiddleware",
        # WordPress's /?p=ID links, which the page cache's key leaves out.
        "newsplugin.wordpress.middleware.WordPressAddressMiddleware",
        "newsplugin.cache.middleware.AnonymousPageCacheMiddleware",
    ]
    assert shown["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert shown["cache"] == "newsplugin.cache.backends.DegradingRedisCache"
    assert shown["page_cache"] == 300
    assert shown["trusted_proxies"] == ["127.0.0.1", "10.0.0.0/8"]
    # Mail goes through a queue and its worker (make run-prod starts it), with a timeout.
    assert shown["tasks"] == "django_tasks_db.DatabaseBackend"
    assert shown["mail_timeout"] == 10
    assert shown["database_timeout"] == 5
    assert shown["secure_cookies"] == [True, True]
    assert shown["headers"] == [True, "strict-origin-when-cross-origin", "DENY"]


MEDIA = """
from django.urls import Resolver404, resolve
try:
    print(resolve("/media/original_images/pasar.jpg").func.__module__)
except Resolver404:
    print("not found")
"""


def test_uploaded_photos_are_served_by_django_only_where_asked():
    # In production the web server or the storage serves them; make run-prod has neither.
    for serve_media, answer in (("", "not found"), ("1", "django.views.static")):
        result = manage(
            "shell", "--no-imports", "-c", MEDIA, env={**PRODUCTION_ENV, "SERVE_MEDIA": serve_media}
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1] == answer


def test_production_refuses_to_start_without_a_shared_cache():
    env = {**PRODUCTION_ENV, "REDIS_URL": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "Set REDIS_URL" in result.stderr


def test_a_bad_trusted_proxy_stops_the_site_with_a_clear_error():
    result = manage("check", env={**PRODUCTION_ENV, "TRUSTED_PROXIES": "10.0.0.0/8,nginx"})
    assert result.returncode != 0
    assert "newsplugin.E015" in result.stderr
    assert "'nginx' is not an IP address or network" in result.stderr
FRONTEND_CACHE = """
import json
from django.conf import settings
print(json.dumps({
    "apps": "wagtail.contrib.frontend_cache" in settings.INSTALLED_APPS,
    "caches": getattr(settings, "WAGTAILFRONTENDCACHE", None),
}))
"""


def test_varnish_in_front_is_purged_with_the_page_cache():
    shown = {}
    for url in ("", "http://127.0.0.1:6081"):
        result = manage(
            "shell",
            "--no-imports",
            "-c",
            FRONTEND_CACHE,
            env={**PRODUCTION_ENV, "VARNISH_URL": url},
        )
        assert result.returncode == 0, result.stderr
        shown[url] = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown[""] == {"apps": False, "caches": None}
    assert shown["http://127.0.0.1:6081"] == {
        "apps": True,
        "caches": {
            "varnish": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": "http://127.0.0.1:6081",
            }
        },
    }


JIT = """
import json
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SHOW jit")
    print(json.dumps(cursor.fetchone()[0]))
"""


def test_production_connections_run_without_jit():
    # With a million comments, PostgreSQL's JIT spent ~250 ms compiling an article
    # page's 3 ms routing query (make bench-scale).
    result = manage("shell", "--no-imports", "-c", JIT,
                    env={**PRODUCTION_ENV, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == "off"
