"""NewsPageMixin.localized answers as Wagtail's own, for every language a request may have."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page, Site

from newsplugin.models import FrontPage
from newsplugin.sites import specific_with_locale

from .builders import make_index, translate

pytestmark = pytest.mark.django_db


def wagtails(page):
    return Page.localized.fget(page)


@pytest.fixture
def front():
    page = FrontPage(title="Kabar", slug="depan")
    Page.get_first_root_node().add_child(instance=page)
    return page


@pytest.mark.parametrize("language", ["id", "en", "en-gb", "fr", "xx"])
@pytest.mark.parametrize("english", ["live", "draft", "none"])
def test_the_same_page_as_wagtail_in_every_case(front, language, english, settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "Français"), ("en-gb", "British")]
    index = make_index(parent=front)
    if english != "none":
        for page in (front, index):
            copy = translate(page, title=f"{page.title} (en)")
            if english == "draft":
                copy.unpublish()
    for page in (FrontPage.objects.get(pk=front.pk), index.specific):
        with translation.override(language):
            ours, theirs = page.localized, wagtails(page)
        assert (type(ours), ours.pk) == (type(theirs), theirs.pk), (page, language, english)


def test_the_home_page_in_its_own_language_costs_no_query(front):
    Site.objects.filter(is_default_site=True).update(root_page=front)
    translate(front, title="News")
    site = Site.objects.select_related("root_page").get(is_default_site=True)
    home = specific_with_locale(site.root_page)
    assert isinstance(home, FrontPage)
    with CaptureQueriesContext(connection) as queries, translation.override("id"):
        assert home.localized is home
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries, translation.override("en"):
        english = home.localized
    assert english.title == "News" and english.locale.language_code == "en"
    assert len(queries) == 1  # the translation, with its locale
