"""System checks tell a site owner what is misconfigured."""

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from newsplugin import checks


def ids(messages):
    return [message.id for message in messages]


def test_example_site_passes_every_check():
    assert checks.check_installed_apps(None) == []
    assert checks.check_settings(None) == []
    assert checks.check_image_form(None) == []
    assert checks.check_comment_settings(None) == []
    assert checks.check_page_cache_middleware(None) == []


def test_missing_required_app_is_an_error(monkeypatch):
    # Set without the setting_changed signal: reloading the app registry is not the point.
    apps = [app for app in django_settings.INSTALLED_APPS if app != "taggit"]
    monkeypatch.setattr(django_settings, "INSTALLED_APPS", apps)
    errors = checks.check_installed_apps(None)
    assert ids(errors) == ["newsplugin.E001"]
    assert "'taggit'" in errors[0].msg


@pytest.mark.parametrize("app", ["django_comments_xtd", "django_comments", "django.contrib.sites"])
def test_missing_comment_apps_are_errors(monkeypatch, app):
    apps = [name for name in django_settings.INSTALLED_APPS if name != app]
    monkeypatch.setattr(django_settings, "INSTALLED_APPS", apps)
    assert ids(checks.check_installed_apps(None)) == ["newsplugin.E001"]


@pytest.mark.parametrize("before", ["django_comments", "newsplugin"])
def test_xtd_listed_after_its_dependants_is_an_error(monkeypatch, before):
    apps = [name for name in django_settings.INSTALLED_APPS if name != "django_comments_xtd"]
    apps.insert(apps.index(before) + 1, "django_comments_xtd")
    monkeypatch.setattr(django_settings, "INSTALLED_APPS", apps)
    errors = checks.check_installed_apps(None)
    assert set(ids(errors)) == {"newsplugin.E002"}
    assert any(f"before '{before}'" in error.msg for error in errors)


@pytest.mark.parametrize(
    "name, value",
    [
        ("COMMENTS_APP", "django_comments"),
        ("COMMENTS_XTD_MODEL", "django_comments_xtd.models.XtdComment"),
    ],
)
def test_comment_app_and_model_must_be_newsplugins(settings, name, value):
    setattr(settings, name, value)
    assert ids(checks.check_comment_settings(None)) == ["newsplugin.E004"]


def test_xtd_thread_level_must_allow_the_reply_depth(settings):
    settings.NEWSPLUGIN_COMMENT_MAX_DEPTH = 4
    errors = checks.check_comment_settings(None)
    assert ids(errors) == ["newsplugin.E005"]
    assert "COMMENTS_XTD_MAX_THREAD_LEVEL = 3" in errors[0].hint
    settings.COMMENTS_XTD_MAX_THREAD_LEVEL_BY_APP_MODEL = {"newsplugin.articlepage": 3}
    assert checks.check_comment_settings(None) == []


def test_email_confirmation_is_a_warning(settings):
    settings.COMMENTS_XTD_CONFIRM_EMAIL = True
    assert ids(checks.check_comment_settings(None)) == ["newsplugin.W002"]


def test_missing_comment_urls_is_an_error(settings):
    settings.ROOT_URLCONF = "tests.urls_without_comments"
    assert ids(checks.check_comment_settings(None)) == ["newsplugin.E006"]


@pytest.mark.parametrize(
    "name, value",
    [
        ("NEWSPLUGIN_COMMENT_MAX_LENGTH", 0),
        ("NEWSPLUGIN_COMMENT_MAX_DEPTH", "3"),
        ("NEWSPLUGIN_COMMENT_THREADS_PER_PAGE", None),
        ("NEWSPLUGIN_COMMENTS_CLOSE_AFTER_DAYS", -1),
        ("NEWSPLUGIN_COMMENTS_CLOSE_AFTER_DAYS", "7"),
    ],
)
def test_bad_comment_settings_are_errors(settings, name, value):
    setattr(settings, name, value)
    assert "newsplugin.E003" in ids(checks.check_settings(None))


@pytest.mark.parametrize("value", [0, -3, "4", None, True, 2.5])
def test_bad_more_from_author_count_is_an_error(settings, value):
    settings.NEWSPLUGIN_MORE_FROM_AUTHOR_COUNT = value
    assert ids(checks.check_settings(None)) == ["newsplugin.E003"]


@pytest.mark.parametrize("value", ["", "wagtail.images.forms.BaseImageForm", "no.such.Form"])
def test_unsafe_image_form_is_a_warning(settings, value):
    settings.WAGTAILIMAGES_IMAGE_FORM_BASE = value
    messages = checks.check_image_form(None)
    assert ids(messages) == ["newsplugin.W001"]
    assert "newsplugin.forms.SafeImageForm" in messages[0].hint


@pytest.mark.django_db  # on Django 6.1 the model checks ask SQLite about JSON support
def test_manage_py_check_reports_errors(settings):
    settings.NEWSPLUGIN_ARTICLES_PER_PAGE = "ten"
    with pytest.raises(SystemCheckError, match="newsplugin.E003"):
        call_command("check")


@pytest.mark.django_db
def test_migrations_match_the_models():
    # Fails when a model changes without a migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize(
    "name, value, error",
    [
        ("NEWSPLUGIN_COMMENT_IP_STORAGE", "full", "newsplugin.E013"),
        ("NEWSPLUGIN_COMMENT_IP_STORAGE", None, "newsplugin.E013"),
        ("NEWSPLUGIN_COMMENT_PERSONAL_DATA_DAYS", 0, "newsplugin.E014"),
        ("NEWSPLUGIN_COMMENT_PERSONAL_DATA_DAYS", "90", "newsplugin.E014"),
        ("NEWSPLUGIN_COMMENT_PERSONAL_DATA_DAYS", True, "newsplugin.E014"),
        ("NEWSPLUGIN_TRUSTED_PROXIES", "10.0.0.1", "newsplugin.E015"),
        ("NEWSPLUGIN_TRUSTED_PROXIES", ["10.0.0.1", "proxy.internal"], "newsplugin.E015"),
        ("NEWSPLUGIN_TRUSTED_PROXIES", ["10.0.0.0/33"], "newsplugin.E015"),
        ("NEWSPLUGIN_TRUSTED_PROXIES", [None], "newsplugin.E015"),
    ],
)
def test_bad_privacy_settings_are_errors(settings, name, value, error):
    assert checks.check_privacy_settings(None) == []
    setattr(settings, name, value)
    assert ids(checks.check_privacy_settings(None)) == [error]


def test_good_trusted_proxies_pass(settings):
    settings.NEWSPLUGIN_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8", "2001:db8::/32"]
    assert checks.check_privacy_settings(None) == []


def test_moderation_settings_pass_and_fail(settings):
    assert checks.check_moderation_settings(None) == []
    settings.NEWSPLUGIN_MODERATION_RULES = [
        "newsplugin.comments.rules.apply_policy",
        "no.such.rule",
    ]
    settings.NEWSPLUGIN_MODERATION_CACHE_ALIAS = "nowhere"
    settings.NEWSPLUGIN_REJECTED_RETENTION_DAYS = -1
    settings.NEWSPLUGIN_UNSUBSCRIBE_MAX_AGE = "forever"
    settings.NEWSPLUGIN_MODERATION_NOTIFY = "redaksi@example.com"
    assert ids(checks.check_moderation_settings(None)) == [
        "newsplugin.E009", "newsplugin.E010", "newsplugin.E011", "newsplugin.E011",
        "newsplugin.E012",
    ]


def test_flood_control_in_a_per_process_cache_warns_on_deploy(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert ids(checks.check_flood_control_cache(None)) == ["newsplugin.W004"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/7"}}
    assert checks.check_flood_control_cache(None) == []


def test_gravatar_in_the_admin_is_a_warning(settings):
    assert checks.check_gravatar(None) == []
    del settings.WAGTAIL_GRAVATAR_PROVIDER_URL
    assert ids(checks.check_gravatar(None)) == ["newsplugin.W005"]
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = "//www.gravatar.com/avatar"
    assert ids(checks.check_gravatar(None)) == ["newsplugin.W005"]


@pytest.mark.django_db
def test_admin_pages_carry_no_gravatar(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert "gravatar" not in page.lower()


def test_notification_retries_must_be_whole_numbers(settings):
    settings.NEWSPLUGIN_NOTIFICATION_ATTEMPTS = 0
    settings.NEWSPLUGIN_NOTIFICATION_RETRY_SECONDS = "a minute"
    assert ids(checks.check_moderation_settings(None)) == ["newsplugin.E011", "newsplugin.E011"]


def test_editions_without_language_addresses_are_a_warning(settings):
    assert checks.check_content_localisation(None) == []
    settings.ROOT_URLCONF = "tests.urls_single_language"
    assert ids(checks.check_content_localisation(None)) == ["newsplugin.W007"]
    settings.ROOT_URLCONF = "tests.urls"
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != checks.LOCALE_MIDDLEWARE]
    assert ids(checks.check_content_localisation(None)) == ["newsplugin.W007"]
    settings.WAGTAIL_I18N_ENABLED = False
    assert checks.check_content_localisation(None) == []
