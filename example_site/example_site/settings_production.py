"""Production settings for the example site.

Use with ``DJANGO_SETTINGS_MODULE=example_site.settings_production``.

Several app servers (gunicorn) behind a load balancer share one PostgreSQL
database (``DATABASE_URL``) and one Redis (``REDIS_URL``), which holds Django's
cache: page cache, rate limits and Wagtail's caches are the same on every
server. Static files are served by whitenoise with far-future cache headers, so
a CDN can keep them; uploaded media belong on shared storage (see the README).
"""

import os

import django
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_list, mail_from_url
from .settings import *  # noqa: F403
from .settings import CACHES, DATABASES, MIDDLEWARE

DEBUG = False

for _name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"):
    if not os.environ.get(_name):
        raise ImproperlyConfigured(f"Set {_name} for the production settings.")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
if CACHES["default"]["BACKEND"] != "newsplugin.cache.backends.DegradingRedisCache":
    raise ImproperlyConfigured("REDIS_URL must be set: every server must share one cache.")

DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database that does not answer fails the request in seconds (HTTP 503), not minutes.
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
# No JIT: PostgreSQL compiles a query it guesses expensive (its planner guesses so
# for an article page's comment counts once a table holds a million comments) in
# about 250 ms, for queries that then run in 3 ms. Web pages never gain from it.
DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")

# Static files from the app servers themselves, compressed and with hashed names.
# The CSP middleware sits above the page cache, so cached pages get the header too.
MIDDLEWARE = [
    MIDDLEWARE[0],  # SecurityMiddleware
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "example_site.security.ContentSecurityPolicyMiddleware",
    *MIDDLEWARE[1:],
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The load balancer's (or nginx's) own addresses, e.g. TRUSTED_PROXIES=10.0.0.0/8,127.0.0.1:
# only behind them is X-Forwarded-For believed, for rate limits and IP rules.
NEWSPLUGIN_TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Anonymous news pages are cached in Redis and purged when articles change.
NEWSPLUGIN_PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "300"))

# TLS ends at the load balancer, which must set X-Forwarded-Proto (and strip a
# client's own); cookies travel over HTTPS only.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# HSTS is hard to undo: the site owner opts in, e.g. SECURE_HSTS_SECONDS=31536000.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = [
    origin.strip() for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]

# An HTTP cache in front (make run-edge: Varnish), told to forget pages when the
# page cache is purged: VARNISH_URL, e.g. http://127.0.0.1:6081.
if os.environ.get("VARNISH_URL"):
    INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.contrib.frontend_cache"]  # noqa: F405
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["VARNISH_URL"],
        }
    }

# Notifications are queued in PostgreSQL (django-tasks-db) and sent by a worker,
# `manage.py newsplugin_worker --backend notifications` (make run-prod starts one): a post
# never waits for the mail server, and mail that fails is tried again
# (NEWSPLUGIN_NOTIFICATION_ATTEMPTS). They have a queue of their own because
# Wagtail 8 queues its tasks through the django-tasks backport even on Django 6,
# which reads TASKS too, and django-tasks-db's backend is built on django.tasks
# there: Wagtail's tasks (search index, references) stay immediate.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "notifications": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
NEWSPLUGIN_NOTIFICATION_TASK_BACKEND = "notifications"
# A failed notification is tried again after 60 s, then 120 s, 240 s … (5 tries in all).
NEWSPLUGIN_NOTIFICATION_RETRY_SECONDS = int(os.environ.get("NOTIFICATION_RETRY_SECONDS", "60"))

# Mail: MAIL_URL, e.g. smtp://user:password@smtp.example.org:587?starttls=1.
# A mail server that accepts and never answers gives up after MAIL_TIMEOUT seconds.
_mailer = mail_from_url(
    os.environ.get("MAIL_URL", "console:"), timeout=int(os.environ.get("MAIL_TIMEOUT", "10"))
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if django.VERSION >= (6, 1):
    MAILERS = {"default": _mailer}
else:
    EMAIL_BACKEND = _mailer["BACKEND"]
    _options = _mailer["OPTIONS"]
    if _options:
        EMAIL_HOST = _options["host"]
        EMAIL_PORT = _options["port"]
        EMAIL_HOST_USER = _options["username"]
        EMAIL_HOST_PASSWORD = _options["password"]
        EMAIL_USE_SSL = _options["use_ssl"]
        EMAIL_USE_TLS = _options["use_tls"]
        EMAIL_TIMEOUT = _options["timeout"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# HTML, feeds and JSON go out gzip-compressed to clients that accept it, with
# "Vary: Accept-Encoding" for caches (a 200-comment article: 118 KB raw, 9 KB sent).
# Below whitenoise, which answers static files itself with its precompressed copies,
# and above the page cache, which stores pages uncompressed for every client.
# BREACH: Django masks the CSRF token anew on each response.
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "django.middleware.gzip.GZipMiddleware",
)
