import logging
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.urls import clear_url_caches

from newsplugin.outage import Outage

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(autouse=True)
def _clear_cache():
    # Wagtail caches renditions and site roots: start every test cold, so query
    # counts do not depend on test order.
    cache.clear()
    for outage in Outage.every:  # a failure in one test must not skip the cache in the next
        outage.reset()
    yield
    cache.clear()


_serialized_databases = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Keep the snapshot of what migrations created (site, root page, groups)."""
    for connection in connections.all():
        if hasattr(connection, "_test_serialized_contents"):
            _serialized_databases[connection.alias] = connection._test_serialized_contents


def _reattach_snapshots():
    # Once Playwright's sync API has started, this thread runs in another
    # contextvars context, so Django hands out new connection objects that lack
    # the snapshot serialized_rollback restores after a transactional (browser)
    # test flushed the database. Give the snapshot back to them.
    for alias, contents in _serialized_databases.items():
        connection = connections[alias]
        if not hasattr(connection, "_test_serialized_contents"):
            connection._test_serialized_contents = contents


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _reattach_snapshots()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item):
    _reattach_snapshots()


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _forget_language_changes():
    yield
    from . import builders

    if builders.language_changed:  # i18n_patterns' prefixes are cached per language
        clear_url_caches()
        builders.language_changed = False


@pytest.fixture
def site_language(settings):
    """``site_language("en")``: the test site's default language becomes English, its
    LANGUAGE_CODE and the locale its pages and authors are made in (pages speak
    their locale's language)."""
    from .builders import use_site_language

    return lambda code: use_site_language(settings, code)


@pytest.fixture
def english(site_language):
    """Messages asserted in English; tests/test_translations.py covers Indonesian."""
    site_language("en")


@pytest.fixture
def article(db):
    """An article with open comments, under a news index."""
    from .builders import make_article, make_index

    return make_article(make_index(), "Pasar Ikan")


@pytest.fixture
def no_traceback_in_the_log(caplog):
    """Every refusal in a test using this is the client's fault: the log holds no traceback."""
    caplog.set_level(logging.WARNING)
    yield
    tracebacks = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not tracebacks, [r.getMessage() for r in tracebacks]


@pytest.fixture
def no_flood_control(db):
    """For tests that post many comments from one address on purpose."""
    from .builders import without_flood_control

    without_flood_control()


def find_chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped when absent, except under CI."""
    executable = find_chromium()
    reason = None
    if executable is None:
        reason = "Chromium is not installed (apt-get install chromium)"
    else:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            reason = "the playwright package is not installed"
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Browser tests cannot run under CI: {reason}")
        pytest.skip(reason)

    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make between browser steps are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    _reattach_snapshots()
    chromium = playwright.chromium.launch(
        executable_path=executable,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    )
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()


@pytest.fixture
def page(browser):
    from playwright.sync_api import Error as PlaywrightError

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    # Let the live server finish what the page still asked for (a favicon, say)
    # before the test database is flushed: a request thread reading SQLite while
    # the flush deletes failed one teardown with "database table is locked".
    try:
        page.wait_for_load_state("networkidle", timeout=5000)
    except PlaywrightError:
        pass  # a page that never goes idle, or is closed: nothing more to wait for
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot into tests/artifacts/ (ignored by git)."""

    def take(name):
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def moderator(db):
    """A member of the "Comment moderators" group (tests/moderation_helpers.py)."""
    from .moderation_helpers import make_moderator

    return make_moderator()


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client
