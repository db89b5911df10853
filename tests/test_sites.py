"""SiteMiddleware finds the site Wagtail would, for every host and port, in one query."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from newsplugin.sites import site_for_hostname, site_for_request

from .builders import make_article, make_index

pytestmark = pytest.mark.django_db

SITE_SETS = {
    "the default only": [("localhost", 80, True)],
    "a default and others": [
        ("news.example", 80, True), ("news.example", 8080, False),
        ("sport.example", 80, False), ("sport.example", 443, False),
    ],
    "one other port of a host": [("news.example", 80, True), ("sport.example", 8443, False)],
    "no default": [("news.example", 80, False), ("news.example", 8080, False),
                   ("sport.example", 80, False)],
    "no default, one of a host": [("news.example", 80, False), ("sport.example", 80, False)],
}
ADDRESSES = [(host, port) for host in ("news.example", "sport.example", "other.example", "")
             for port in (80, 443, 8080, 8443, -1)]


def wagtails_choice(hostname, port):
    try:
        return get_site_for_hostname(hostname, port).pk
    except Site.DoesNotExist:
        return None


@pytest.mark.parametrize("sites", SITE_SETS.values(), ids=SITE_SETS.keys())
def test_the_same_site_as_wagtail_for_every_address(sites):
    Site.objects.all().delete()
    root = Page.get_first_root_node()
    for hostname, port, default in sites:
        Site.objects.create(hostname=hostname, port=port, is_default_site=default, root_page=root)
    for hostname, port in ADDRESSES * 2:  # the second time from the prepared query
        found = site_for_hostname(hostname, port)
        assert (found.pk if found else None) == wagtails_choice(hostname, port), (hostname, port)


def test_a_port_that_is_not_a_number_is_no_port(settings):
    # Behind a proxy that forwards the port, X-Forwarded-Port is the client's to write:
    # Wagtail's own lookup answered "abc" with HTTP 500; here it matches no site's port.
    settings.USE_X_FORWARDED_PORT = True
    site = Site.objects.get(is_default_site=True)
    Site.objects.create(hostname=site.hostname, port=8080, root_page=site.root_page)
    for port in ("abc", "99999999999999999999", "٣", "-80"):
        request = RequestFactory().get("/", HTTP_HOST=site.hostname, HTTP_X_FORWARDED_PORT=port)
        assert site_for_request(request) == site, port
    request = RequestFactory().get("/", HTTP_HOST=site.hostname, HTTP_X_FORWARDED_PORT="8080")
    assert site_for_request(request).port == 8080


def test_pages_are_served_from_the_site_the_middleware_found(client, monkeypatch):
    import newsplugin.sites

    looked_up = []
    prepared = newsplugin.sites._CANDIDATES

    def counting(*values):
        looked_up.append(values)
        return prepared(*values)

    monkeypatch.setattr(newsplugin.sites, "_CANDIDATES", counting)
    index = make_index()
    article = make_article(index, "Cerita Pasar")
    other_root = Page.get_first_root_node().add_child(title="Lain", slug="lain")
    Site.objects.create(hostname="lain.example", port=80, root_page=other_root)
    assert client.get(article.url).status_code == 200
    # The article is not on the other site: its address there is not found.
    assert client.get(article.url, HTTP_HOST="lain.example").status_code == 404
    client.get(article.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.url).status_code == 200
    sites = [q["sql"] for q in queries if 'FROM "wagtailcore_site"' in q["sql"]]
    assert len(sites) == 1  # the middleware's; Wagtail reads it from the request
    assert looked_up[-2:] == [("testserver", 80), ("testserver", 80)]
    assert looked_up[1] == ("lain.example", 80)


def test_each_sites_news_settings_come_with_it_and_an_edit_is_seen_next_request(client):
    from newsplugin.models import NewsSettings

    from .builders import make_image

    index = make_index()
    article = make_article(index, "Cerita Pasar")
    default = Site.objects.get(is_default_site=True)
    other_root = Page.get_first_root_node().add_child(title="Lain", slug="lain")
    other = Site.objects.create(hostname="lain.example", port=80, root_page=other_root)
    NewsSettings.objects.update_or_create(site=default, defaults={"publisher_name": "Kabar"})
    # The other site has none yet: Wagtail makes its row the first time it is read.
    for site in (default, other):
        found = site_for_hostname(site.hostname, site.port)
        with CaptureQueriesContext(connection) as queries:
            settings = NewsSettings.for_site(found)
        assert settings.site is found and settings.site_id == site.pk
        if site == default:
            assert len(queries) == 0
        else:  # known to be missing: straight to Wagtail's get_or_create, no lookup first
            reads = [q for q in queries if q["sql"].startswith("SELECT")]
            assert len(reads) == 1 and any(q["sql"].startswith("INSERT") for q in queries)
    assert NewsSettings.objects.get(site=other).publisher_name == ""

    def publisher():
        page = client.get(article.url).content.decode()
        return page.split('"publisher": {')[1].split("}")[0]

    assert '"name": "Kabar"' in publisher()
    logo = make_image("Logo", 600, 60)
    NewsSettings.objects.filter(site=default).update(
        publisher_name="Kabar Baru", publisher_logo=logo
    )
    assert '"name": "Kabar Baru"' in publisher() and '"logo"' in publisher()


def test_addresses_follow_a_moved_page_and_a_renamed_site_on_the_next_request(client):
    from bs4 import BeautifulSoup

    index = make_index()
    article = make_article(index, "Cerita Pasar")

    def links():
        page = BeautifulSoup(client.get(article.url).content, "html.parser")
        crumbs = {a.get_text(): a["href"] for a in page.select(".np-breadcrumbs a")}
        return page.select_one('link[rel="canonical"]')["href"], crumbs["Berita"]

    assert links() == (f"http://localhost{article.url}", "/berita/")
    index.slug = "kabar"
    index.save_revision().publish()
    article.refresh_from_db()
    assert article.url == "/kabar/cerita-pasar/"
    assert links() == ("http://localhost/kabar/cerita-pasar/", "/kabar/")
    Site.objects.filter(is_default_site=True).update(hostname="berita.example")
    Site.clear_site_root_paths_cache()
    assert links()[0] == "http://berita.example/kabar/cerita-pasar/"
