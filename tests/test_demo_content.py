"""The example site's demo newsroom, as `manage.py load_demo_content` builds it."""

from datetime import timedelta
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision, Site

from home.models import HomePage
from newsplugin.models import ArticleComment, ArticlePage, Author, NewsIndexPage

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = ("admin", "editor", "moderator")


@pytest.fixture
def load_demo(settings, tmp_path):
    """Run the command with media in a throwaway folder; returns what it printed."""
    settings.MEDIA_ROOT = str(tmp_path / "media")

    def load(*args):
        output = StringIO()
        call_command("load_demo_content", *args, stdout=output)
        return output.getvalue()

    return load


def counts():
    image_model = get_image_model()
    return {
        "pages": Page.objects.count(),
        "images": image_model.objects.count(),
        "renditions": image_model.get_rendition_model().objects.count(),
        "authors": Author.objects.count(),
        "users": get_user_model().objects.count(),
        "revisions": Revision.objects.count(),
        "comments": ArticleComment.objects.count(),
    }


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_first_run_builds_the_newsroom(load_demo):
    load_demo()

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.site_name == "Kabar Nusantara"
    # Wagtail's "Welcome to your new Wagtail site!" page is gone: the home page and its
    # English translation are all there is at the top.
    english_home = site.root_page.get_translation(Locale.objects.get(language_code="en"))
    assert set(Page.objects.filter(depth=2)) == {site.root_page, english_home}
    assert NewsIndexPage.objects.child_of(site.root_page).live().get().slug == "berita"

    articles = ArticlePage.objects.live()
    assert articles.count() >= 9
    assert Author.objects.filter(locale=Locale.get_default()).count() == 3
    for article in articles:
        assert article.lead_image is not None, article.title
        assert article.lead_image_caption, article.title
        assert article.lead_image_credit, article.title
        assert article.lead_image_alt, article.title
        assert article.get_authors(), article.title
        assert article.live_revision is not None, article.title
    dates = [article.date for article in articles]
    assert len({date.date() for date in dates}) >= 5
    assert all(timezone.now() - timedelta(days=28) < date < timezone.now() for date in dates)
    assert any(len(article.get_authors()) == 2 for article in articles)
    assert all(author.photo is not None for author in Author.objects.all())


def test_an_english_edition_translates_some_of_it(load_demo, client):
    load_demo()
    english = Locale.objects.get(language_code="en")
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.get_translation(english).live
    articles = ArticlePage.objects.live().filter(locale=english)
    assert articles.count() == 4
    assert Author.objects.filter(locale=english).count() == 3
    for article in articles:
        original = article.get_translation(Locale.get_default())
        assert article.url.startswith("/en/news/"), article.url
        page = soup(client.get(article.url))
        assert page.html["lang"] == "en"
        switcher = {a["lang"]: a["href"] for a in page.select(".np-languages a")}
        assert switcher == {"id": original.url}
        assert "(Photo: " in page.select_one(".np-credit").get_text()
        assert page.select_one(".np-more a[href]"), article.title
    english_home = soup(client.get("/en/"))
    cards = english_home.select(".np-front__lead-title a, .np-card__title a")
    titles = {a.get_text() for a in cards}
    assert titles == {article.title for article in articles}
    nav = [a.get_text() for a in english_home.select(".site-nav a")]
    assert nav == ["News", "City", "Economy", "Education", "Culture", "Sport"]


def test_running_again_creates_nothing_and_repeats_the_sign_in_details(load_demo, client):
    first_output = load_demo()
    before = counts()

    second_output = load_demo()

    assert counts() == before
    assert "already exists" in second_output
    for output in (first_output, second_output):
        assert "http://127.0.0.1:8000/admin/" in output
        for username in DEMO_USERNAMES:
            assert username in output
            assert f"{username}-demo-2026" in output
    for username in DEMO_USERNAMES:
        assert client.login(username=username, password=f"{username}-demo-2026"), username
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    assert users.get(username="editor").groups.filter(name="Editors").exists()
    moderator = users.get(username="moderator")
    assert list(moderator.groups.values_list("name", flat=True)) == ["Comment moderators"]
    assert moderator.has_perm("newsplugin.moderate_comment")
    assert moderator.has_perm("wagtailadmin.access_admin")
    # A queue to clear, made once.
    assert ArticleComment.objects.pending().count() == 5


def test_public_pages_render_with_photos_and_more_from_author(load_demo, client):
    load_demo()
    renditions_made_in_advance = counts()["renditions"]

    home = soup(client.get("/"))
    indonesian = ArticlePage.objects.live().filter(locale=Locale.get_default())
    newest = indonesian.order_by("-date").first()
    assert newest.title in home.get_text()
    assert newest.title in soup(client.get("/berita/")).get_text()

    for article in ArticlePage.objects.live():
        page = soup(client.get(article.url))
        caption = page.select_one(".np-article__lead figcaption").get_text(" ", strip=True)
        assert article.lead_image_caption in caption
        # The Indonesian site shows "(Foto: …)"; the credit itself is what must not be lost,
        # whatever the state of the translations.
        assert article.lead_image_credit in caption
        more_from_author = page.select_one("aside.np-more")
        assert more_from_author is not None, article.title
        assert more_from_author.select("a[href]"), article.title

    for author in Author.objects.all():
        assert author.name in soup(client.get(author.get_absolute_url())).get_text()

    # Every picture those pages showed was made by the command, not by the first visitor.
    assert counts()["renditions"] == renditions_made_in_advance


def test_the_site_record_and_the_banner_follow_the_port_make_run_serves(load_demo, client):
    printed = load_demo("--site-url", "http://127.0.0.1:8611/")

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8611)
    assert "Site:  http://127.0.0.1:8611/\nAdmin: http://127.0.0.1:8611/admin/" in printed
    assert "8000" not in printed
    article = ArticlePage.objects.live().first()
    assert article.get_full_url() == f"http://127.0.0.1:8611{article.url}"

    # Another port later (PORT=8612 make run): the record moves with it.
    load_demo("--site-url", "http://127.0.0.1:8612/")
    assert Site.objects.get(is_default_site=True).port == 8612


def test_a_site_record_on_a_real_domain_is_left_alone(load_demo):
    load_demo()
    Site.objects.filter(is_default_site=True).update(hostname="kabar.example", port=443)

    load_demo("--site-url", "http://127.0.0.1:8611/")

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("kabar.example", 443)


@pytest.mark.parametrize(
    "address", ["https://evil.example/", "http://10.0.0.1:8000/", "http://127.0.0.1:99999/", "ftp://x"]
)
def test_a_site_url_off_this_machine_is_refused(load_demo, address):
    with pytest.raises(CommandError, match="--site-url must be an http:// address"):
        load_demo("--site-url", address)
    assert not Site.objects.filter(hostname="evil.example").exists()


def test_the_demo_editor_publishes_and_the_moderator_moderates_comments(load_demo, client):
    from django.urls import reverse

    load_demo()
    article = ArticlePage.objects.live().first()
    editor = get_user_model().objects.get(username="editor")
    client.force_login(editor)

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert edit.status_code == 200
    assert b'name="action-publish"' in edit.content

    moderator = get_user_model().objects.get(username="moderator")
    assert moderator.has_perm("newsplugin.moderate_comment")
    assert not editor.has_perm("newsplugin.moderate_comment")
    page_perms = article.permissions_for_user(moderator)
    assert not page_perms.can_edit() and not page_perms.can_publish()
    assert article.permissions_for_user(editor).can_publish()
