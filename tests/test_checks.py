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
    assert checks.check_page_cache_middleware(None) == []


def test_missing_required_app_is_an_error(monkeypatch):
    # Set without the setting_changed signal: reloading the app registry is not the point.
    apps = [app for app in django_settings.INSTALLED_APPS if app != "taggit"]
    monkeypatch.setattr(django_settings, "INSTALLED_APPS", apps)
    errors = checks.check_installed_apps(None)
    assert ids(errors) == ["newsplugin.E001"]
    assert "'taggit'" in errors[0].msg


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


def test_manage_py_check_reports_errors(settings):
    settings.NEWSPLUGIN_ARTICLES_PER_PAGE = "ten"
    with pytest.raises(SystemCheckError, match="newsplugin.E003"):
        call_command("check")


@pytest.mark.django_db
def test_migrations_match_the_models():
    # Fails when a model changes without a migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
