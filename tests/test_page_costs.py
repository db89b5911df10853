"""What serving a page costs: queries and cache writes (never times), and that the
shortcuts behind those numbers keep every page, private or not, as it was."""

from contextlib import contextmanager

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Filter
from wagtail.models import PageViewRestriction

from newsplugin.models import ArticlePage, NewsIndexPage
from newsplugin.pictures import SHARE_IMAGE_SPECS

from .builders import bulk_comments, make_article, make_author, make_image, make_index

pytestmark = pytest.mark.django_db

CACHE_WRITES = ("set", "set_many", "add", "delete", "delete_many", "incr", "touch")


@contextmanager
def cache_writes():
    """The keys written to the default cache (Redis in production) while inside."""
    cache = caches["default"]
    written = []

    def counting(name):
        method = getattr(cache, name)

        def write(key_or_mapping, *args, **kwargs):
            keys = list(key_or_mapping) if isinstance(key_or_mapping, dict | list) else [
                key_or_mapping
            ]
            written.extend(keys)
            return method(key_or_mapping, *args, **kwargs)

        return write

    originals = {name: getattr(cache, name) for name in CACHE_WRITES}
    for name in CACHE_WRITES:
        setattr(cache, name, counting(name))
    try:
        yield written
    finally:
        for name, method in originals.items():
            setattr(cache, name, method)


@pytest.fixture
def full_article():
    """An article with everything that costs a query or a rendition: authors with more
    articles, tags, a lead photo, a body photo, and approved comments."""
    index = make_index()
    sari, budi = make_author("Sari"), make_author("Budi")
    for n in range(5):
        make_article(
            index, f"Lain {n}", authors=[sari], days_ago=n + 1,
            lead_image=make_image(), lead_image_alt="Foto",
        )
    article = make_article(
        index,
        "Pasar Ikan Dibuka",
        authors=[sari, budi],
        tags=["pasar", "ekonomi"],
        lead_image=make_image(width=1600, height=1000),
        lead_image_alt="Pasar",
        body=[
            ("paragraph", "<p>Pedagang kembali.</p>"),
            ("image", {"image": make_image(), "alt_text": "Kios", "caption": "", "credit": "",
                       "decorative": False}),
        ],
    )
    bulk_comments(article, 40)
    return article


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_article_writes_nothing_to_the_cache_once_its_renditions_exist(client, full_article):
    client.get(full_article.url)  # makes the renditions, as the first reader would
    with cache_writes() as written:
        page = soup(client.get(full_article.url))
    assert written == []
    # Everything that uses a rendition is still there.
    assert page.select_one(".np-article__lead picture source")["srcset"]
    assert len(page.select(".np-article__body figure picture")) == 1
    assert len(page.select(".np-more picture")) == 4
    assert page.select_one('meta[property="og:image"]')["content"].endswith(".jpg")


def test_article_renditions_come_in_one_query(client, full_article):
    client.get(full_article.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(full_article.url)
    rendition_queries = [q for q in queries if '"wagtailimages_rendition"' in q["sql"]]
    assert len(rendition_queries) == 1
    image_queries = [q for q in queries if 'FROM "wagtailimages_image"' in q["sql"]]
    assert len(image_queries) == 1  # the body's photo; the lead photo comes with the page


def test_a_missing_rendition_is_still_made(client, full_article):
    client.get(full_article.url)
    rendition_model = full_article.lead_image.get_rendition_model()
    spec = SHARE_IMAGE_SPECS["1x1"]
    rendition_model.objects.filter(filter_spec=spec).delete()
    page = soup(client.get(full_article.url))
    assert rendition_model.objects.filter(image=full_article.lead_image, filter_spec=spec).exists()
    assert "fill-1200x1200" in page.select_one('script[type="application/ld+json"]').string


def test_a_new_focal_point_gets_new_crops_not_the_old_ones(client, full_article):
    client.get(full_article.url)
    card = soup(client.get(full_article.url)).select_one(".np-more picture img")
    image = ArticlePage.objects.get(title="Lain 0").lead_image  # the newest: the first card
    # An editor moves the focal point (a queryset update: Wagtail keeps the old crops).
    type(image).objects.filter(pk=image.pk).update(
        focal_point_x=10, focal_point_y=10, focal_point_width=20, focal_point_height=20
    )
    image.refresh_from_db()
    again = soup(client.get(full_article.url)).select_one(".np-more picture img")
    assert again["src"] != card["src"]
    spec = "fill-640x360-c100|format-jpeg"
    crop = image.get_rendition_model().objects.get(
        image=image, filter_spec=spec, focal_point_key=Filter(spec).get_cache_key(image)
    )
    assert again["src"] == crop.url


class SigningStorage:
    """A media storage whose addresses carry a signature that changes (as S3's do)."""

    signed = 0

    def __init__(self, **options):
        from django.core.files.storage import FileSystemStorage

        self._files = FileSystemStorage(**options)

    def __getattr__(self, name):
        return getattr(self._files, name)

    def url(self, name):
        SigningStorage.signed += 1
        return f"{self._files.url(name)}?signature={SigningStorage.signed}"


def test_a_storage_that_signs_its_addresses_signs_them_on_every_page(client, settings,
                                                                     full_article):
    client.get(full_article.url)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.SigningStorage",
                    "OPTIONS": {"location": settings.MEDIA_ROOT}},
    }
    first = soup(client.get(full_article.url)).select_one(".np-article__lead img")["src"]
    second = soup(client.get(full_article.url)).select_one(".np-article__lead img")["src"]
    assert "?signature=" in first
    assert first != second


def test_article_query_count(client, full_article):
    client.get(full_article.url)  # warm: content types, site root paths, renditions
    with CaptureQueriesContext(connection) as queries:
        client.get(full_article.url)
    # Site (with its News settings); the active locale (Wagtail's content localisation,
    # to pick the home page of the address's language); the tree root's child (the
    # index: two queries, Wagtail's own root page routes as Wagtail does); the article
    # with its lead photo, comment totals, view restrictions and whether it has
    # translations; authors; More From Author; renditions; the body's photo; tags; the
    # page of comment threads; the example site's section navigation (the breadcrumbs
    # come from the pages routing went through, the language switcher's home pages
    # from Wagtail's cached site root paths).
    assert len(queries) == 12, "\n".join(q["sql"][:150] for q in queries)


def test_a_translated_article_costs_its_switcher_no_query(client, full_article):
    from .builders import translate

    english = translate(full_article, title="Fish Market Opens", slug="fish-market-opens")
    for article in (full_article, english):
        client.get(article.url)
    with CaptureQueriesContext(connection) as indonesian:
        page = soup(client.get(full_article.url))
    # The untranslated cost above: routing's query brought the translation's address.
    assert len(indonesian) == 12, "\n".join(q["sql"][:150] for q in indonesian)
    alternates = {link["hreflang"]: link["href"] for link in page.select("link[hreflang]")}
    assert alternates == {
        "id": full_article.full_url,
        "en": english.full_url,
        "x-default": full_article.full_url,
    }
    assert page.select_one('.np-languages a[hreflang="en"]')["href"] == english.url
    with CaptureQueriesContext(connection) as queries:
        page = soup(client.get(english.url))
    # Under /en/ Wagtail also finds the English home page (its translation, then its
    # specific row) before routing, and the copy's authors (the original's rows) are
    # looked up in English; it has no comments, so no page of threads is read.
    assert len(queries) == 13, "\n".join(q["sql"][:150] for q in queries)
    assert page.select_one('.np-languages a[hreflang="id"]')["href"] == full_article.url


def test_listing_costs_do_not_depend_on_cards(client):
    index = make_index()
    author = make_author("Sari")
    make_article(index, "Satu", authors=[author], lead_image=make_image(), lead_image_alt="x")
    client.get(index.url)
    with CaptureQueriesContext(connection) as one:
        client.get(index.url)
    for n in range(6):
        make_article(index, f"Lagi {n}", authors=[author], lead_image=make_image(),
                     lead_image_alt="x")
    client.get(index.url)
    with CaptureQueriesContext(connection) as seven, cache_writes() as written:
        page = soup(client.get(index.url))
    assert len(seven) == len(one)
    assert written == []
    assert len(page.select(".np-card picture")) == 7


def test_private_section_still_asks_for_a_login(client):
    index = make_index()
    article = make_article(index, "Rahasia")
    PageViewRestriction.objects.create(page=index, restriction_type="login")
    for url in (index.url, article.url):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_private_article_still_asks_for_a_password(client):
    article = make_article(make_index(), "Rahasia")
    PageViewRestriction.objects.create(page=article, restriction_type="password", password="x")
    response = client.get(article.url)
    assert response.status_code == 200
    assert b'name="password"' in response.content
    assert "Rahasia" not in soup(response).get_text()


def test_alias_of_a_private_article_is_private_too(client):
    index = make_index()
    source = make_article(index, "Asli")
    other = make_index("Kanal", "kanal")
    alias = source.create_alias(parent=other, update_slug="salinan")
    PageViewRestriction.objects.create(page=source, restriction_type="login")
    response = client.get(alias.url)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_a_child_of_another_type_is_still_served(client):
    index = make_index()
    section = NewsIndexPage(title="Sub", slug="sub")
    index.add_child(instance=section)  # not a type the admin offers here
    assert soup(client.get("/berita/sub/")).find("h1").get_text() == "Sub"
    assert client.get("/berita/nothing-here/").status_code == 404


def test_author_archive_writes_nothing_to_the_cache(client):
    index = make_index()
    author = make_author("Sari", photo=make_image())
    make_article(index, "Satu", authors=[author], lead_image=make_image(), lead_image_alt="x")
    url = index.author_url(author)
    client.get(url)
    with cache_writes() as written, CaptureQueriesContext(connection) as queries:
        page = soup(client.get(url))
    assert written == []
    assert page.select_one(".np-author__photo source")["srcset"]
    assert page.select_one(".np-card picture source")["srcset"]
    # The portrait's renditions and the cards' in one query, the portrait with the author.
    assert sum('"wagtailimages_rendition"' in q["sql"] for q in queries) == 1
    assert not any('FROM "wagtailimages_image"' in q["sql"] for q in queries)


def test_an_author_without_articles_here_still_shows_the_portrait(client):
    index = make_index()
    other = make_index("Kota", "kota")
    author = make_author("Sari", photo=make_image())
    make_article(other, "Satu", authors=[author])
    page = soup(client.get(index.author_url(author)))
    assert page.select_one(".np-author__photo source")["srcset"]


def test_front_page_makes_no_rendition_again_once_they_exist(client):
    # The lead story shows the lead photo's sizes, the other cards thumbnails: with
    # only the thumbnails prefetched, Wagtail took the list as complete and made the
    # lead's renditions again (image work and cache writes) on every request.
    from wagtail.models import Page, Site

    from newsplugin.models import FrontPage

    front = FrontPage(title="Kabar", slug="depan", secondary_count=2, section_count=2)
    Page.get_first_root_node().add_child(instance=front)
    Site.objects.filter(is_default_site=True).update(root_page=front)
    berita = make_index(parent=front)
    section = make_index("Kota", "kota", parent=berita)
    for n in range(6):
        make_article(section if n % 2 else berita, f"Cerita {n}", days_ago=n + 1,
                     lead_image=make_image(), lead_image_alt="Foto")
    client.get("/")  # makes the renditions, as the first reader would
    rendition_model = make_image().get_rendition_model()
    made = rendition_model.objects.count()
    with cache_writes() as written, CaptureQueriesContext(connection) as queries:
        page = soup(client.get("/"))
    assert written == []
    assert rendition_model.objects.count() == made
    # Every card's thumbnail and the lead's sizes, in one query.
    assert len([q for q in queries if '"wagtailimages_rendition"' in q["sql"]]) == 1
    assert page.select_one(".np-front__lead-image source")["srcset"]
    assert len(page.select(".np-card__image")) == 4  # two more stories, two of the section


def test_posting_a_comment_leaves_wagtails_reference_index_alone(client):
    # Wagtail indexes the references of every model saved (its "usage" counts);
    # a reader's comment is saved on every post and points at nothing an editor
    # asks about, so it costs those queries for nothing.
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    from newsplugin.models import ArticleComment

    from .builders import comment_form_data

    article = make_article(make_index(), "Pasar")
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/comments/post/", comment_form_data(article))
    assert response.status_code == 303
    assert ArticleComment.objects.count() == 1
    comment_type = ContentType.objects.get_for_model(ArticleComment)
    assert not ReferenceIndex.objects.filter(content_type=comment_type).exists()
    assert not [q for q in queries if "wagtailcore_referenceindex" in q["sql"]]


def test_an_articles_comments_are_indexed_in_date_order():
    # The comment section's first page reads one article's threads oldest first;
    # without this index PostgreSQL filtered a million comments by date (bench-scale).
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "django_comments")
    index = constraints["newsplugin_comment_article_date"]
    assert index["index"] is True
    assert index["columns"] == ["content_type_id", "object_pk", "submit_date"]


def _front_page_as_home():
    """A FrontPage (which routes with ChildPageRoutingMixin) as the site's home page."""
    from wagtail.models import Page, Site

    from newsplugin.models import FrontPage

    site = Site.objects.get(is_default_site=True)
    front = FrontPage(title="Depan", slug="depan")
    Page.get_first_root_node().add_child(instance=front)
    site.root_page = front
    site.save()
    return front


def test_routing_down_sections_costs_one_query(client):
    front = _front_page_as_home()
    index = make_index(parent=front)
    city = make_index("Kota", "kota", parent=index)
    article = make_article(city, "Pasar Baru", lead_image=make_image(), lead_image_alt="Pasar")
    assert article.url == "/berita/kota/pasar-baru/"
    client.get(article.url)
    with CaptureQueriesContext(connection) as queries:
        page = soup(client.get(article.url))
    routing = [q["sql"] for q in queries if '"wagtailcore_page"."url_path" IN' in q["sql"]]
    # Berita, Kota and the article, with the article's fields and lead photo: one query.
    assert len(routing) == 1
    assert page.find("h1").get_text(strip=True) == "Pasar Baru"
    # The breadcrumbs come from the pages routing found.
    crumbs = [a.get_text(strip=True) for a in page.select(".np-breadcrumbs a")]
    assert crumbs[-2:] == ["Berita", "Kota"]


def test_routing_finds_what_the_address_names_and_nothing_else(client):
    front = _front_page_as_home()
    index = make_index(parent=front)
    city = make_index("Kota", "kota", parent=index)
    make_article(city, "Pasar Baru")
    draft = make_article(city, "Belum Terbit", live=False)
    assert client.get("/berita/kota/").status_code == 200
    # The article under a section it is not in, a draft, and a slug one level off.
    for url in ("/berita/pasar-baru/", draft.url, "/kota/pasar-baru/",
                "/berita/kota/pasar-baru/lagi/"):
        assert client.get(url).status_code == 404, url
    # An author's archive under a section is the section's own route, not a page.
    assert client.get("/berita/kota/authors/nobody/").status_code == 404


def test_routing_a_hostile_address_is_bounded(client):
    _front_page_as_home()
    make_index()
    path = "/berita/" + "a/" * 500
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 404
    assert len(queries) < 15


def test_sections_deeper_than_one_lookup_still_route(client):
    from newsplugin.models.pages import ROUTING_DEPTH

    parent = _front_page_as_home()
    for n in range(ROUTING_DEPTH + 2):
        parent = make_index(f"Bagian {n}", f"bagian-{n}", parent=parent)
    article = make_article(parent, "Paling Dalam")
    assert article.url.count("/") == ROUTING_DEPTH + 4
    assert soup(client.get(article.url)).find("h1").get_text(strip=True) == "Paling Dalam"


def test_private_section_under_a_routing_home_asks_for_a_login(client):
    front = _front_page_as_home()
    index = make_index(parent=front)
    city = make_index("Kota", "kota", parent=index)
    article = make_article(city, "Rahasia")
    PageViewRestriction.objects.create(page=city, restriction_type="login")
    for url in (city.url, article.url):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url
    assert client.get(index.url).status_code == 200


def test_a_private_home_page_and_its_translation_still_ask_for_a_login(client):
    from .builders import translate

    front = _front_page_as_home()
    make_index(parent=front)
    english = translate(front, title="Front", slug="front-en")
    assert client.get("/").status_code == 200
    assert client.get("/en/").status_code == 200
    for page, url in ((front, "/"), (english, "/en/")):
        restriction = PageViewRestriction.objects.create(page=page, restriction_type="login")
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url
        restriction.delete()


def test_a_page_works_out_its_address_once_per_request(rf):
    """Breadcrumbs, feeds and every byline and tag link ask for the index's address:
    one answer per request, and a new request asks again (the page may have moved)."""
    index = make_index()
    first, second = rf.get("/"), rf.get("/")
    assert index.get_url(first) == "/berita/"
    index.url_path = index.url_path.replace("/berita/", "/kabar/")
    assert index.get_url(first) == "/berita/"  # as this request first found it
    assert index.get_url(second) == "/kabar/"
    assert index.get_url(None) == "/kabar/"


def test_a_home_page_and_its_translation_name_their_language_without_a_locale_query(client):
    # A site's home page is served without routing, which loads other pages' locales:
    # SiteMiddleware loads the home page with its locale, and its
    # translation comes with its locale too, so neither Wagtail's lookup of the active
    # locale nor the page's own language costs a query.
    from wagtail.models import Page, Site

    from newsplugin.models import FrontPage

    from .builders import translate

    front = FrontPage(title="Kabar", slug="depan")
    Page.get_first_root_node().add_child(instance=front)
    Site.objects.filter(is_default_site=True).update(root_page=front)
    Site.clear_site_root_paths_cache()
    article = make_article(make_index(parent=front), "Cerita")
    translate(front, title="News", slug="front")
    english = translate(article, title="Story", slug="story")
    for url, language in (("/", "id"), ("/en/", "en"), (article.url, "id"), (english.url, "en")):
        client.get(url)  # the site root paths are cached from here on, as in production
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response["Content-Language"] == language
        assert soup(response).html["lang"] == language
        locales = [q["sql"] for q in queries if 'FROM "wagtailcore_locale"' in q["sql"]]
        assert locales == [], url


def test_every_query_the_pages_prepare_is_prepared(client, full_article):
    # A prepared query whose build does not use every value it is given, or decides
    # from one, silently runs as a plain queryset forever (the listings' count did):
    # every page type, served twice, leaves every shape it met compiled.
    from django.test import Client
    from wagtail.models import Page, Site

    from newsplugin.models import FrontPage
    from newsplugin.prepared import _PREPARED

    from .builders import comment_form_data

    index = full_article.get_parent().specific
    front = FrontPage(title="Kabar", slug="depan", lead_story=full_article)
    Page.get_first_root_node().add_child(instance=front)
    front.featured_stories = [("article", full_article.get_prev_siblings().first())]
    front.save()
    index.move(front, pos="last-child")
    make_index("Kota", "kota", parent=NewsIndexPage.objects.get(pk=index.pk))
    Site.objects.filter(is_default_site=True).update(root_page=front)
    Site.clear_site_root_paths_cache()
    article = full_article.__class__.objects.get(pk=full_article.pk)
    index = NewsIndexPage.objects.get(pk=index.pk)
    author = article.article_authors.first().author
    urls = [
        "/", index.url, index.url + "kota/", article.url,
        index.url + index.reverse_subpage("author", args=[author.slug]),
        index.url + index.reverse_subpage("tag", args=["pasar"]),
    ]
    for prepared in list(_PREPARED):
        prepared.clear()
    for n in range(2):
        for url in urls:
            assert client.get(url).status_code == 200, url
        # What a reader posting a comment asks for: a token, then the post.
        assert client.get("/comments/token/", {"object_pk": article.pk}).status_code == 200
        reader = Client(REMOTE_ADDR=f"203.0.113.{n + 1}")
        data = comment_form_data(article, comment=f"Komentar {n}", email=f"r{n}@example.org")
        assert reader.post("/comments/post/", data).status_code == 303
    unprepared = [
        (prepared.build, shape) for prepared in _PREPARED
        for shape, compiled in prepared._compiled.items() if compiled is False
    ]
    assert unprepared == []
    assert sum(len(prepared._compiled) for prepared in _PREPARED) >= 12
