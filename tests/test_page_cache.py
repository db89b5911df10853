"""Anonymous pages come from a shared cache, and publishing or unpublishing purges them."""

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.middleware.csrf import get_token
from wagtail.contrib.frontend_cache.backends import BaseBackend

from newsplugin import checks
from newsplugin.cache.middleware import CACHE_HEADER, AnonymousPageCacheMiddleware, mark_cacheable

from .builders import make_article, make_author, make_index

pytestmark = pytest.mark.django_db

PURGED = []


class RecordingBackend(BaseBackend):
    """A frontend cache (CDN) that notes what it is asked to purge."""

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def page_cache(settings):
    settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 300


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as if its transaction committed: purges wait for the commit."""

    def commit():
        return django_capture_on_commit_callbacks(execute=True)

    return commit


@pytest.fixture
def newsroom():
    index = make_index()
    sari = make_author("Sari Dewi")
    article = make_article(index, "Pasar Dibuka", authors=[sari], tags=["pasar"])
    return index, sari, article


ARCHIVES = [
    "/berita/",
    "/berita/feed/rss/",
    "/berita/authors/sari-dewi/",
    "/berita/authors/sari-dewi/feed/atom/",
    "/berita/tags/pasar/",
    "/berita/tags/pasar/feed/rss/",
]


def test_second_anonymous_view_is_a_cache_hit(
    client, page_cache, newsroom, django_assert_num_queries
):
    *_, article = newsroom
    first = client.get(article.url)
    assert first[CACHE_HEADER] == "miss"
    assert "public" in first["Cache-Control"] and "s-maxage=300" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second = client.get(article.url)
    assert second[CACHE_HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_readers_with_a_session_and_disabled_cache_bypass_it(client, settings, newsroom):
    *_, article = newsroom
    assert CACHE_HEADER not in client.get(article.url)  # off by default
    settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 300
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "abc"
    client.get(article.url)
    assert CACHE_HEADER not in client.get(article.url)


def test_a_page_that_used_a_csrf_token_is_never_stored(rf, page_cache, newsroom):
    def page_with_a_form(request):
        mark_cacheable(request)
        return HttpResponse(f"token {get_token(request)}")

    middleware = AnonymousPageCacheMiddleware(page_with_a_form)
    first, second = middleware(rf.get("/berita/")), middleware(rf.get("/berita/"))
    assert CACHE_HEADER not in first and CACHE_HEADER not in second
    assert first.content != second.content


def test_only_newsplugin_pages_are_stored(rf, page_cache, newsroom):
    middleware = AnonymousPageCacheMiddleware(lambda request: HttpResponse("other"))
    assert CACHE_HEADER not in middleware(rf.get("/"))
    assert CACHE_HEADER not in middleware(rf.get("/"))


def test_publishing_an_edit_purges_article_index_archives_and_feeds(
    client, page_cache, newsroom, committed
):
    *_, article = newsroom
    for url in [article.url, *ARCHIVES]:
        client.get(url)
        assert client.get(url)[CACHE_HEADER] == "hit", url
    article.title = "Pasar Ramai"
    with committed():
        article.save_revision().publish()
    for url in [article.url, *ARCHIVES]:
        response = client.get(url)
        assert response[CACHE_HEADER] == "miss", url
        assert b"Pasar Ramai" in response.content, url


def test_unpublishing_purges_the_listings(client, page_cache, newsroom, committed):
    *_, article = newsroom
    for url in ARCHIVES:
        client.get(url)
    with committed():
        article.unpublish()
    assert b"Pasar Dibuka" not in client.get("/berita/").content
    assert b"Pasar Dibuka" not in client.get("/berita/authors/sari-dewi/").content
    assert b"Pasar Dibuka" not in client.get("/berita/feed/rss/").content
    assert client.get(article.url).status_code == 404


def test_deleting_a_live_article_purges_the_listings(client, page_cache, newsroom, committed):
    *_, article = newsroom
    for url in ARCHIVES:
        client.get(url)
    with committed():
        article.delete()
    for url in ARCHIVES:
        assert b"Pasar Dibuka" not in client.get(url).content, url


def test_renaming_an_author_purges_archives_and_bylines(client, page_cache, newsroom, committed):
    _, sari, article = newsroom
    for url in [article.url, "/berita/authors/sari-dewi/", "/berita/authors/sari-dewi/feed/rss/"]:
        client.get(url)
    sari.name = "Sari Dewi Lestari"
    with committed():
        sari.save()
    for url in [article.url, "/berita/authors/sari-dewi/", "/berita/authors/sari-dewi/feed/rss/"]:
        assert b"Sari Dewi Lestari" in client.get(url).content, url


def test_removing_an_author_purges_their_old_archive(client, page_cache, newsroom, committed):
    index, sari, article = newsroom
    budi = make_author("Budi")
    client.get("/berita/authors/sari-dewi/")
    page = article.specific
    page.article_authors.clear()
    from newsplugin.models import ArticleAuthor

    page.article_authors.add(ArticleAuthor(author=budi))
    with committed():
        page.save_revision().publish()
    assert b"Pasar Dibuka" not in client.get("/berita/authors/sari-dewi/").content


def test_frontend_cache_is_told_every_url(settings, newsroom, committed):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "tests.test_page_cache.RecordingBackend"}}
    *_, article = newsroom
    PURGED.clear()
    with committed():
        article.save_revision().publish()
    assert {f"http://localhost{url}" for url in ["/berita/pasar-dibuka/", *ARCHIVES]} <= set(PURGED)


@pytest.mark.parametrize(
    "name, value, error",
    [
        ("NEWSPLUGIN_PAGE_CACHE_TIMEOUT", -1, "newsplugin.E007"),
        ("NEWSPLUGIN_PAGE_CACHE_TIMEOUT", "300", "newsplugin.E007"),
        ("NEWSPLUGIN_PAGE_CACHE_ALIAS", "nowhere", "newsplugin.E008"),
    ],
)
def test_bad_page_cache_settings_are_errors(settings, name, value, error):
    setattr(settings, name, value)
    assert [message.id for message in checks.check_settings(None)] == [error]


def test_cache_without_its_middleware_is_a_warning(settings):
    settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 60
    assert checks.check_page_cache_middleware(None) == []
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != checks.PAGE_CACHE_MIDDLEWARE]
    assert [m.id for m in checks.check_page_cache_middleware(None)] == ["newsplugin.W003"]


def cached(client, url):
    client.get(url)
    return client.get(url)[CACHE_HEADER] == "hit"


def test_approving_editing_rejecting_and_deleting_a_comment_purge_the_article(
    client, page_cache, newsroom, committed
):
    from .builders import make_comment

    index, _, article = newsroom
    comment = make_comment(article, "Menunggu.", approved=False)
    assert cached(client, article.url) and cached(client, index.url)

    comment.is_public = True  # approved
    with committed():
        comment.save()
    response = client.get(article.url)
    assert response[CACHE_HEADER] == "miss" and "Menunggu." in response.content.decode()
    assert client.get(index.url)[CACHE_HEADER] == "miss"  # its count changed

    assert cached(client, article.url)
    comment.comment = "Disunting oleh moderator."
    with committed():
        comment.save()
    assert "Disunting oleh moderator." in client.get(article.url).content.decode()

    assert cached(client, article.url)
    comment.is_public = False  # rejected
    with committed():
        comment.save()
    assert "Disunting oleh moderator." not in client.get(article.url).content.decode()

    comment.is_public = True
    with committed():
        comment.save()
    assert cached(client, article.url)
    with committed():
        comment.delete()
    assert "Disunting oleh moderator." not in client.get(article.url).content.decode()


def test_a_new_pending_comment_purges_nothing(client, page_cache, newsroom):
    from .builders import make_comment

    *_, article = newsroom
    assert cached(client, article.url)
    make_comment(article, "Menunggu.", approved=False)
    assert client.get(article.url)[CACHE_HEADER] == "hit"


def test_moving_an_article_purges_its_old_address_and_both_indexes(
    client, page_cache, newsroom, committed
):
    from wagtail.actions.move_page import MovePageAction

    index, _, article = newsroom
    other = make_index("Daerah", "daerah")
    old_url = article.url
    for url in (old_url, index.url, other.url):
        assert cached(client, url)
    with committed():
        MovePageAction(article, other, pos="last-child").execute(skip_permission_checks=True)
    # Not the cached page any more: Wagtail's automatic redirect to the new address.
    moved = client.get(old_url)
    assert moved.status_code == 301 and moved["Location"] == "/daerah/pasar-dibuka/"
    assert "Pasar Dibuka" not in client.get(index.url).content.decode()
    assert "Pasar Dibuka" in client.get(other.url).content.decode()
    assert client.get("/daerah/pasar-dibuka/").status_code == 200
