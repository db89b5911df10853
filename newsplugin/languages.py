"""The languages of the content, and how pages write dates in them.

With Wagtail's content localisation on (``WAGTAIL_I18N_ENABLED``) every page and
author has a locale, and a page speaks its locale's language: its interface
strings, dates, feeds, structured data and the mail about it. Without it, the
content has the site's language (``LANGUAGE_CODE``) and the interface follows
whatever ``LocaleMiddleware`` picked, as before.
"""

from contextlib import nullcontext
from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.utils import dateformat, timezone, translation
from django.utils.translation import pgettext
from wagtail.coreutils import get_content_languages, get_supported_content_language_variant
from wagtail.models import Site


def translations_enabled():
    return getattr(settings, "WAGTAIL_I18N_ENABLED", False)


def default_language():
    """The content language of the site's default locale (``LANGUAGE_CODE``)."""
    try:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def language_of(obj):
    """The language code of a page or author: its locale's (no query when the locale
    was loaded with it), or the site's when content localisation is off."""
    if not translations_enabled():
        return default_language()
    return obj.locale.language_code


def language_name(code):
    """A content language's name as the site lists it (each in its own language)."""
    return get_content_languages().get(code, code)


def content_languages():
    """[(code, name)] of the languages the site publishes in, in the settings' order."""
    if not translations_enabled():
        code = default_language()
        return [(code, language_name(code))]
    return list(get_content_languages().items())


def date_format(with_time=False):
    """How pages write a date, in the active language: ``30 Nov 2026, 07:30`` in
    English, ``30 Nov. 2026, 7.30`` in Indonesian (newsroom style, not Django's
    locale formats, whose English is American). A site changes them by
    translating these two strings in its own ``LOCALE_PATHS``."""
    if with_time:
        # Translators: a date and time format for Django's date filter.
        return pgettext("newsplugin date and time format", "j M Y, H:i")
    # Translators: a date format for Django's date filter.
    return pgettext("newsplugin date format", "j M Y")


def format_date(value, with_time=False):
    """``value`` (a date or an aware datetime, shown in the site's time zone) as text."""
    if value is None:
        return ""
    zone = None
    if isinstance(value, datetime) and timezone.is_aware(value):
        zone = timezone.get_current_timezone()
    return _formatted(value, zone, date_format(with_time), translation.get_language())


def date_text(value, zone, pattern, language):
    """``value`` written with ``pattern`` (Django's date filter) in ``zone`` (None: as
    it is), with ``language``'s month names. Not kept: callers keep what they reuse."""
    if zone is not None:
        value = timezone.localtime(value, zone)
    with translation.override(language):
        return dateformat.format(value, pattern)


# Kept (bounded): listings write the same dates on every request, and Django's
# formatter was a twentieth of a listing's time.
_formatted = lru_cache(maxsize=8192)(date_text)


def site_root_paths(request=None):
    """Wagtail's ``Site.get_site_root_paths()``, read from the cache once per request:
    kept on the request where Wagtail keeps its own copy for ``get_url(request)``."""
    if request is None:
        return Site.get_site_root_paths()
    try:
        return request._wagtail_cached_site_root_paths
    except AttributeError:
        request._wagtail_cached_site_root_paths = Site.get_site_root_paths()
        return request._wagtail_cached_site_root_paths


def override_to(obj):
    """A context manager that speaks ``obj``'s language (a page or an author) while
    content localisation is on, and changes nothing while it is off."""
    if not translations_enabled():
        return nullcontext()
    return translation.override(language_of(obj))
