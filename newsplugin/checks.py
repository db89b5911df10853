"""System checks that tell a site owner what is misconfigured."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.module_loading import import_string

REQUIRED_APPS = [
    "wagtail",
    "wagtail.images",
    "wagtail.snippets",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "taggit",
    "modelcluster",
]

SAFE_IMAGE_FORM = "newsplugin.forms.SafeImageForm"
PAGE_CACHE_MIDDLEWARE = "newsplugin.cache.AnonymousPageCacheMiddleware"


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
    return errors


@register(Tags.compatibility)
def check_settings(app_configs, **kwargs):
    from .conf import conf

    errors = []
    for name in ("ARTICLES_PER_PAGE", "MORE_FROM_AUTHOR_COUNT", "FEED_ITEMS"):
        value = getattr(conf, name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            errors.append(
                Error(
                    f"NEWSPLUGIN_{name} must be a whole number of at least 1, not {value!r}.",
                    id="newsplugin.E003",
                )
            )
    timeout = conf.PAGE_CACHE_TIMEOUT
    if not isinstance(timeout, int) or isinstance(timeout, bool) or timeout < 0:
        errors.append(
            Error(
                "NEWSPLUGIN_PAGE_CACHE_TIMEOUT must be a whole number of seconds, "
                f"not {timeout!r}.",
                hint="Use 0 to turn the page cache off.",
                id="newsplugin.E004",
            )
        )
    if conf.PAGE_CACHE_ALIAS not in settings.CACHES:
        errors.append(
            Error(
                f"NEWSPLUGIN_PAGE_CACHE_ALIAS names {conf.PAGE_CACHE_ALIAS!r}, "
                "which is not in CACHES.",
                id="newsplugin.E005",
            )
        )
    return errors


@register(Tags.security)
def check_image_form(app_configs, **kwargs):
    from .forms import SafeImageForm

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
    from .conf import conf

    timeout = conf.PAGE_CACHE_TIMEOUT
    caching = isinstance(timeout, int) and timeout > 0
    if caching and PAGE_CACHE_MIDDLEWARE not in settings.MIDDLEWARE:
        return [
            Warning(
                "NEWSPLUGIN_PAGE_CACHE_TIMEOUT is set but pages are never cached.",
                hint=f"Add '{PAGE_CACHE_MIDDLEWARE}' to MIDDLEWARE, above the session "
                "and CSRF middleware.",
                id="newsplugin.W002",
            )
        ]
    return []
