"""Settings for the example site. Everything that differs between machines comes
from the environment: DATABASE_URL, REDIS_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS,
LANGUAGE_CODE."""

import os
from pathlib import Path

import django
from django.core.exceptions import ImproperlyConfigured
from PIL import Image

from .env import database_from_url, env_bool, env_list

SITE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = SITE_DIR.parent
# Databases, uploaded media and collected static files: ignored by git.
VAR_DIR = Path(os.environ.get("NEWSPLUGIN_VAR_DIR", REPO_DIR / "var"))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for a development key).")
    SECRET_KEY = "development-only-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    # xtd first: it overrides django-contrib-comments' templates, and newsplugin
    # adjusts xtd's signal handlers once xtd is ready.
    "django_comments_xtd",
    "django_comments",
    "home",
    "newsplugin",
    # The task queue of the production settings (TASKS there); its table lives here
    # so that one database and one set of migrations serve both.
    "django_tasks_db",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.locales",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.sites",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # WordPress's /?p=ID short links (moved in with import_wordpress); above the page
    # cache, whose key leaves ?p= out.
    "newsplugin.wordpress.middleware.WordPressAddressMiddleware",
    # Above the session and CSRF middleware: it must see the cookies they set.
    "newsplugin.cache.middleware.AnonymousPageCacheMiddleware",
    # HTTP 503 with Retry-After, not 500, while the database is unreachable.
    "newsplugin.unavailable.DatabaseUnavailableMiddleware",
    # The Wagtail site of the request from a prepared query, below the page cache
    # (a cached page needs none).
    "newsplugin.sites.SiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Below the page cache (which keys on the language it picks) and the sessions,
    # above CommonMiddleware, as Django documents.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "example_site.urls"
WSGI_APPLICATION = "example_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'example.sqlite3'}")
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index uses PostgreSQL's full-text fields; Django 6.1 checks for this app.
    INSTALLED_APPS.append("django.contrib.postgres")
    # Values bound on the server: newsplugin's prepared queries (the ones every page
    # runs) are then parsed and planned once per connection, not on every request;
    # no other query is prepared. DATABASE_PREPARED_STATEMENTS=0 for a connection
    # pooler in transaction mode that cannot keep them (PgBouncer before 1.21).
    if env_bool("DATABASE_PREPARED_STATEMENTS", default=True):
        DATABASES["default"]["OPTIONS"].setdefault("server_side_binding", True)

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's RedisCache, except that a Redis outage makes it an empty
            # cache (pages come from the database) instead of HTTP 500 everywhere.
            "BACKEND": "newsplugin.cache.backends.DegradingRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "newsplugin-example",
            # A hung Redis costs a request half a second at most, then is left alone.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Indonesian at unprefixed addresses, English under /en/ (i18n_patterns in urls.py);
# LANGUAGE_CODE names the language of the unprefixed edition.
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "id")
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
# Wagtail's content localisation: every page and author has a locale, and
# translations of one another share a translation key.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [SITE_DIR / "locale"]  # the example site's own strings (search page)
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Uploaded photos served by Django itself: for a site run on one machine only (make run,
# make run-prod); in production the web server or the storage (S3, a CDN) serves them.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_SITE_NAME = "Kabar Nusantara"
# Wagtail's admin would load each editor's avatar from Gravatar (a hash of their email,
# sent to another site); use its local default picture instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# A damaged upload is a form error, not HTTP 500; images over Pillow's bomb limit are refused.
WAGTAILIMAGES_IMAGE_FORM_BASE = "newsplugin.forms.SafeImageForm"
WAGTAILIMAGES_MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Reader comments: django-comments-xtd stores them, newsplugin moderates them.
SITE_ID = 1
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "newsplugin.models.ArticleComment"
COMMENTS_XTD_FORM_CLASS = "newsplugin.comments.forms.ArticleCommentForm"
COMMENTS_XTD_CONFIRM_EMAIL = False  # moderation replaces the e-mail confirmation
COMMENTS_XTD_MAX_THREAD_LEVEL = 2  # three levels: NEWSPLUGIN_COMMENT_MAX_DEPTH = 3

if django.VERSION >= (6, 1):
    # Django 6.1 replaces EMAIL_* with MAILERS; without it, reading the old names
    # (django-comments-xtd copies every setting at start-up) warns on every run.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
