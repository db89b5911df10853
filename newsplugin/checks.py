"""System checks that tell a site owner what is misconfigured."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.module_loading import import_string

from .addresses import IP_STORAGE_CHOICES, trusted_proxy_networks
from .conf import conf
from .forms import SafeImageForm

REQUIRED_APPS = [
    "django.contrib.sites",
    "django_comments_xtd",
    "django_comments",
    "wagtail",
    "wagtail.images",
    "wagtail.snippets",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "taggit",
    "modelcluster",
]

# (earlier, later): xtd's templates override django-contrib-comments' own, and
# newsplugin must start after xtd to switch off its cascading publication.
APP_ORDER = [("django_comments_xtd", "django_comments"), ("django_comments_xtd", "newsplugin")]

SAFE_IMAGE_FORM = "newsplugin.forms.SafeImageForm"
COMMENT_MODEL = "newsplugin.models.ArticleComment"
PAGE_CACHE_MIDDLEWARE = "newsplugin.cache.middleware.AnonymousPageCacheMiddleware"

# Dotted paths sites put in their settings before 0.2, and where they point now.
MOVED_PATHS = {
    "newsplugin.cache.AnonymousPageCacheMiddleware": PAGE_CACHE_MIDDLEWARE,
    "newsplugin.comment_forms.ArticleCommentForm": "newsplugin.comments.forms.ArticleCommentForm",
    "newsplugin.moderation.ArticleCommentModerator": (
        "newsplugin.comments.moderator.ArticleCommentModerator"
    ),
}


def _is_count(value, minimum=0):
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


@register(Tags.compatibility)
def check_installed_apps(app_configs, **kwargs):
    errors = []
    installed = list(settings.INSTALLED_APPS)
    for app in REQUIRED_APPS:
        if app not in installed:
            errors.append(
                Error(
                    f"newsplugin needs '{app}' in INSTALLED_APPS.",
                    hint=f"Add '{app}' to INSTALLED_APPS.",
                    id="newsplugin.E001",
                )
            )
    for earlier, later in APP_ORDER:
        if earlier in installed and later in installed:
            if installed.index(earlier) > installed.index(later):
                errors.append(
                    Error(
                        f"'{earlier}' must come before '{later}' in INSTALLED_APPS.",
                        hint=f"Move '{earlier}' above '{later}'.",
                        id="newsplugin.E002",
                    )
                )
    return errors


@register(Tags.compatibility)
def check_comment_settings(app_configs, **kwargs):
    from django.urls import NoReverseMatch, reverse

    errors = []
    expected = {
        "COMMENTS_APP": "django_comments_xtd",
        "COMMENTS_XTD_MODEL": COMMENT_MODEL,
    }
    for name, value in expected.items():
        if getattr(settings, name, None) != value:
            errors.append(
                Error(
                    f"newsplugin stores reader comments with {name} = '{value}'.",
                    hint=f"Set {name} = '{value}' in your settings.",
                    id="newsplugin.E004",
                )
            )
    depth = conf.COMMENT_MAX_DEPTH
    levels = getattr(settings, "COMMENTS_XTD_MAX_THREAD_LEVEL_BY_APP_MODEL", {}).get(
        "newsplugin.articlepage", getattr(settings, "COMMENTS_XTD_MAX_THREAD_LEVEL", 0)
    )
    if isinstance(depth, int) and depth > 1 and levels < depth - 1:
        errors.append(
            Error(
                f"NEWSPLUGIN_COMMENT_MAX_DEPTH is {depth} but django-comments-xtd allows "
                f"{levels} reply level(s) on articles.",
                hint=f"Set COMMENTS_XTD_MAX_THREAD_LEVEL = {depth - 1}.",
                id="newsplugin.E005",
            )
        )
    if getattr(settings, "COMMENTS_XTD_CONFIRM_EMAIL", True):
        errors.append(
            Warning(
                "django-comments-xtd's confirmation e-mails carry signed pickles that never "
                "expire and can be used to send mail to strangers.",
                hint="Set COMMENTS_XTD_CONFIRM_EMAIL = False; newsplugin moderates instead.",
                id="newsplugin.W002",
            )
        )
    try:
        reverse("newsplugin:post_comment")
    except NoReverseMatch:
        errors.append(
            Error(
                "Readers cannot post comments: newsplugin's URLs are not included.",
                hint='Add path("", include("newsplugin.urls")) to your URLconf, '
                "before Wagtail's own patterns.",
                id="newsplugin.E006",
            )
        )
    return errors


@register(Tags.compatibility)
def check_settings(app_configs, **kwargs):
    errors = []
    for name in (
        "ARTICLES_PER_PAGE",
        "MORE_FROM_AUTHOR_COUNT",
        "FEED_ITEMS",
        "COMMENT_MAX_LENGTH",
        "COMMENT_MAX_DEPTH",
        "COMMENT_THREADS_PER_PAGE",
    ):
        value = getattr(conf, name)
        if not _is_count(value, 1):
            errors.append(
                Error(
                    f"NEWSPLUGIN_{name} must be a whole number of at least 1, not {value!r}.",
                    id="newsplugin.E003",
                )
            )
    close_after = conf.COMMENTS_CLOSE_AFTER_DAYS
    if close_after is not None and not _is_count(close_after):
        errors.append(
            Error(
                "NEWSPLUGIN_COMMENTS_CLOSE_AFTER_DAYS must be None or a whole number of days, "
                f"not {close_after!r}.",
                id="newsplugin.E003",
            )
        )
    timeout = conf.PAGE_CACHE_TIMEOUT
    if not _is_count(timeout):
        errors.append(
            Error(
                "NEWSPLUGIN_PAGE_CACHE_TIMEOUT must be a whole number of seconds, "
                f"not {timeout!r}.",
                hint="Use 0 to turn the page cache off.",
                id="newsplugin.E007",
            )
        )
    if conf.PAGE_CACHE_ALIAS not in settings.CACHES:
        errors.append(
            Error(
                f"NEWSPLUGIN_PAGE_CACHE_ALIAS names {conf.PAGE_CACHE_ALIAS!r}, "
                "which is not in CACHES.",
                id="newsplugin.E008",
            )
        )
    return errors


@register(Tags.security)
def check_image_form(app_configs, **kwargs):
    configured = getattr(settings, "WAGTAILIMAGES_IMAGE_FORM_BASE", "")
    try:
        form_class = import_string(configured) if configured else None
    except ImportError:
        form_class = None
    if form_class is None or not issubclass(form_class, SafeImageForm):
        return [
            Warning(
                "Wagtail's image form answers a truncated or corrupt upload with HTTP 500.",
                hint=f"Set WAGTAILIMAGES_IMAGE_FORM_BASE = '{SAFE_IMAGE_FORM}' "
                "(or a subclass of it).",
                id="newsplugin.W001",
            )
        ]
    return []


@register(Tags.caches)
def check_page_cache_middleware(app_configs, **kwargs):
    timeout = conf.PAGE_CACHE_TIMEOUT
    caching = isinstance(timeout, int) and timeout > 0
    installed = {MOVED_PATHS.get(path, path) for path in settings.MIDDLEWARE}
    if caching and PAGE_CACHE_MIDDLEWARE not in installed:
        return [
            Warning(
                "NEWSPLUGIN_PAGE_CACHE_TIMEOUT is set but pages are never cached.",
                hint=f"Add '{PAGE_CACHE_MIDDLEWARE}' to MIDDLEWARE, above the session "
                "and CSRF middleware.",
                id="newsplugin.W003",
            )
        ]
    return []


@register(Tags.security)
def check_privacy_settings(app_configs, **kwargs):
    errors = []
    if conf.COMMENT_IP_STORAGE not in IP_STORAGE_CHOICES:
        errors.append(
            Error(
                f"NEWSPLUGIN_COMMENT_IP_STORAGE is {conf.COMMENT_IP_STORAGE!r}.",
                hint='Use "truncate" (IPv4 /24, IPv6 /48) or "hash" (keyed with SECRET_KEY).',
                id="newsplugin.E013",
            )
        )
    days = conf.COMMENT_PERSONAL_DATA_DAYS
    if days is not None and not _is_count(days, 1):
        errors.append(
            Error(
                f"NEWSPLUGIN_COMMENT_PERSONAL_DATA_DAYS must be a number of days, not {days!r}.",
                hint="Use None to keep emails and IP addresses until a moderator removes them.",
                id="newsplugin.E014",
            )
        )
    errors += _trusted_proxy_errors(conf.TRUSTED_PROXIES)
    return errors


def _trusted_proxy_errors(entries):
    if not isinstance(entries, (list, tuple)):
        return [
            Error(
                f"NEWSPLUGIN_TRUSTED_PROXIES must be a list, not {entries!r}.",
                hint='For example ["127.0.0.1", "10.0.0.0/8"]; [] when no proxy is in front.',
                id="newsplugin.E015",
            )
        ]
    errors = []
    for entry in entries:
        try:
            trusted_proxy_networks([entry])
        except (TypeError, ValueError):
            errors.append(
                Error(
                    f"NEWSPLUGIN_TRUSTED_PROXIES: {entry!r} is not an IP address or network.",
                    hint='Write each proxy as "10.0.0.5" or a network as "10.0.0.0/8".',
                    id="newsplugin.E015",
                )
            )
    return errors


@register(Tags.compatibility)
def check_moderation_settings(app_configs, **kwargs):
    errors = []
    rules = conf.MODERATION_RULES
    for path in rules if isinstance(rules, (list, tuple)) else [rules]:
        try:
            rule = import_string(path)
        except (ImportError, TypeError, ValueError):
            rule = None
        if not callable(rule):
            errors.append(
                Error(
                    f"NEWSPLUGIN_MODERATION_RULES names {path!r}, which is not an importable "
                    "function or class.",
                    hint="List dotted paths, e.g. 'newsplugin.comments.rules.hold_many_links'.",
                    id="newsplugin.E009",
                )
            )
    if conf.MODERATION_CACHE_ALIAS not in settings.CACHES:
        errors.append(
            Error(
                f"NEWSPLUGIN_MODERATION_CACHE_ALIAS names {conf.MODERATION_CACHE_ALIAS!r}, "
                "which is not in CACHES.",
                id="newsplugin.E010",
            )
        )
    for name, minimum in (
        ("REJECTED_RETENTION_DAYS", 0),
        ("UNSUBSCRIBE_MAX_AGE", 1),
        ("NOTIFICATION_ATTEMPTS", 1),
        ("NOTIFICATION_RETRY_SECONDS", 0),
    ):
        value = getattr(conf, name)
        if not _is_count(value, minimum):
            errors.append(
                Error(
                    f"NEWSPLUGIN_{name} must be a whole number of at least {minimum}, "
                    f"not {value!r}.",
                    id="newsplugin.E011",
                )
            )
    notify = conf.MODERATION_NOTIFY
    if notify is not None and (
        not isinstance(notify, (list, tuple)) or not all(isinstance(a, str) for a in notify)
    ):
        errors.append(
            Error(
                "NEWSPLUGIN_MODERATION_NOTIFY must be None (the comment moderators group) "
                f"or a list of e-mail addresses, not {notify!r}.",
                id="newsplugin.E012",
            )
        )
    return errors


@register(Tags.caches, deploy=True)
def check_flood_control_cache(app_configs, **kwargs):
    """Flood control counts in a cache: one that servers do not share lets floods through."""
    backend = settings.CACHES.get(conf.MODERATION_CACHE_ALIAS, {}).get("BACKEND", "")
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            Warning(
                "Flood control counts comments in a cache that each process keeps to "
                "itself (or not at all): with several workers or servers a reader can "
                "post faster than the moderation settings allow.",
                hint="Point NEWSPLUGIN_MODERATION_CACHE_ALIAS at a shared cache "
                "(Redis, Memcached or the database cache).",
                id="newsplugin.W004",
            )
        ]
    return []


@register(Tags.security)
def check_gravatar(app_configs, **kwargs):
    if getattr(settings, "WAGTAIL_GRAVATAR_PROVIDER_URL", "//www.gravatar.com/avatar"):
        return [
            Warning(
                "Wagtail's admin loads every user's avatar from Gravatar, sending a hash of "
                "their email address to another site.",
                hint="Set WAGTAIL_GRAVATAR_PROVIDER_URL = None.",
                id="newsplugin.W005",
            )
        ]
    return []


def _configured_paths():
    """(setting, dotted path) for every path a site may have copied from an old README."""
    yield from (("MIDDLEWARE", path) for path in settings.MIDDLEWARE)
    for name in ("COMMENTS_XTD_FORM_CLASS", "NEWSPLUGIN_COMMENT_MODERATOR"):
        value = getattr(settings, name, None)
        if isinstance(value, str):
            yield name, value
    rules = getattr(settings, "NEWSPLUGIN_MODERATION_RULES", None)
    if isinstance(rules, (list, tuple)):
        yield from (("NEWSPLUGIN_MODERATION_RULES", path) for path in rules)


@register(Tags.compatibility)
def check_moved_paths(app_configs, **kwargs):
    """Old dotted paths work until 1.0 (``newsplugin.deprecation``); name the new ones now."""
    warnings = []
    for setting, path in _configured_paths():
        if not isinstance(path, str):
            continue
        new = MOVED_PATHS.get(path)
        if new is None and path.startswith("newsplugin.rules."):
            new = "newsplugin.comments.rules." + path.removeprefix("newsplugin.rules.")
        if new is not None:
            warnings.append(
                Warning(
                    f"{setting} names {path!r}, which moved in newsplugin 0.2.",
                    hint=f"Use {new!r}; the old path stops working in 1.0.",
                    id="newsplugin.W006",
                )
            )
    return warnings


LOCALE_MIDDLEWARE = "django.middleware.locale.LocaleMiddleware"


@register(Tags.translation)
def check_content_localisation(app_configs, **kwargs):
    """Editions in several languages need the address to name the language."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return []
    from django.conf.urls.i18n import is_language_prefix_patterns_used

    problems = []
    if LOCALE_MIDDLEWARE not in settings.MIDDLEWARE:
        problems.append("LocaleMiddleware is not in MIDDLEWARE")
    elif not is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0]:
        problems.append("Wagtail's URLs are not inside i18n_patterns()")
    if not problems:
        return []
    return [
        Warning(
            f"WAGTAIL_I18N_ENABLED is on but {problems[0]}: every edition is served at "
            "the same addresses, in the language of LANGUAGE_CODE.",
            hint="Put LocaleMiddleware after SessionMiddleware and include Wagtail's URLs "
            "in i18n_patterns(..., prefix_default_language=False) (README, Languages).",
            id="newsplugin.W007",
        )
    ]
