"""A commenter's email never leaks: canary addresses are posted through the real form,
approved, and every public URL of the example site is crawled for them and their hashes.
The awaiting-moderation preview is only ever served to its own reader, cache or not.
"""

import hashlib
import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from newsplugin.cache.middleware import CACHE_HEADER
from newsplugin.models import ArticleComment

from .builders import comment_form_data, make_article, make_author, make_index, use_site_language

# Many posts from one test client: flood control would refuse all but the first.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_flood_control")]

CANARIES = [
    "Canary.Sari+news@Example.COM",
    "canary-budi@example.org",
    "  canary_reply@example.net",
]


def forbidden_strings(emails):
    """Each email as typed, trimmed and lower-cased, and its MD5, SHA-1 and SHA-256 hex."""
    found = set()
    for email in emails:
        for variant in {email, email.strip(), email.strip().lower()}:
            found.add(variant.lower())
            for algorithm in ("md5", "sha1", "sha256"):
                digest = hashlib.new(algorithm, variant.encode()).hexdigest()
                found.add(digest)
    return found


@pytest.fixture
def newsroom(settings):
    use_site_language(settings, "en")
    index = make_index()
    sari = make_author("Sari Dewi", bio="Wartawan kota.")
    article = make_article(index, "Pasar Dibuka", authors=[sari], tags=["pasar"],
                           standfirst="Pasar baru dibuka.")
    other = make_article(index, "Jalan Rusak", authors=[sari], tags=["jalan"])
    poster = Client()
    for n, email in enumerate(CANARIES[:2]):
        data = comment_form_data(article, email=email, name=f"Pembaca {n}",
                                 url="https://blog.example.com/", comment=f"Komentar {n}")
        assert poster.post("/comments/post/", data).status_code == 303
    ArticleComment.objects.update(is_public=True)
    parent = ArticleComment.objects.first()
    data = comment_form_data(article, email=CANARIES[2], reply_to=parent, comment="Balasan")
    assert poster.post("/comments/post/", data).status_code == 303
    ArticleComment.objects.update(is_public=True)
    assert ArticleComment.objects.count() == 3
    return index, sari, article, other


def crawl(client, seeds, limit=400):
    """Every same-site URL reachable from ``seeds`` (links, feeds, sitemaps), with its response."""
    seen, queue, responses = set(), list(seeds), {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or url in seen:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(("/admin", "/static", "/media", "/documents")):
            continue
        seen.add(url)
        response = client.get(path)
        responses[path] = response
        body = response.content.decode("utf-8", "replace")
        links = re.findall(r"(?:href|src|action)=\"([^\"#]+)", body)
        links += re.findall(r"<(?:loc|link|id)>([^<]+)</", body)
        links += re.findall(r"\"(?:html_url|detail_url|url)\":\s*\"([^\"]+)\"", body)
        queue += [urljoin(f"http://testserver{parts.path}", link) for link in links]
    return responses


def test_no_public_url_shows_a_commenters_email_or_its_hash(newsroom):
    index, sari, article, other = newsroom
    client = Client()
    seeds = [
        "/",
        index.url,
        article.url,
        f"{article.url}?page=2",
        f"{article.url}?reply_to={ArticleComment.objects.first().pk}",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/search/?q=pasar",
        "/search/?q=canary",
        "/api/v2/pages/?type=newsplugin.ArticlePage&fields=*",
        f"/api/v2/pages/{article.pk}/",
        f"/comments/token/?object_pk={article.pk}",
        "/does-not-exist/",
        f"{index.url}authors/nobody/",
        f"{index.url}feed/rss/",
        f"{index.url}feed/atom/",
    ]
    responses = crawl(client, seeds)
    # Error and refusal pages too: a comment form for another reader, a closed article.
    responses["post-missing-csrf"] = Client(enforce_csrf_checks=True).post(
        "/comments/post/", comment_form_data(article)
    )
    responses["post-bad-target"] = client.post("/comments/post/", {"object_pk": "0"})
    responses["get-post-url"] = client.get("/comments/post/")
    visited = set(responses)
    tag = article.tags.get()
    for expected in (article.url, other.url, index.author_url(sari), index.tag_url(tag),
                     index.feed_url("rss", author=sari), index.feed_url("atom", tag=tag)):
        assert expected in visited, expected
    assert len(responses) > 25
    statuses = {response.status_code for response in responses.values()}
    assert {200, 404} <= statuses and 500 not in statuses
    # The comments were really on show (so the crawl could have found them).
    assert "Komentar 0" in responses[article.url].content.decode()

    forbidden = forbidden_strings(CANARIES)
    for path, response in responses.items():
        headers = " ".join(f"{k}: {v}" for k, v in response.items())
        text = (response.content.decode("utf-8", "replace") + headers).lower()
        leaked = [needle for needle in forbidden if needle in text]
        assert not leaked, (path, leaked)
    assert "gravatar" not in " ".join(r.content.decode("utf-8", "replace")
                                      for r in responses.values()).lower()


@pytest.mark.parametrize("cache_timeout", [0, 300])
def test_the_pending_preview_is_served_to_its_reader_only(settings, cache_timeout):
    settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = cache_timeout
    use_site_language(settings, "en")
    article = make_article(make_index(), "Pasar Dibuka")
    before = Client().get(article.url)  # warms the shared cache, when on
    assert before.status_code == 200

    poster = Client()
    data = comment_form_data(article, comment="Pratinjau rahasia saya",
                             email="Canary.Pending@Example.com")
    response = poster.post("/comments/post/", data, follow=True)
    own = response.content.decode()
    assert "Pratinjau rahasia saya" in own
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response.get(CACHE_HEADER) != "hit"

    for reader in (Client(), Client(), poster.__class__()):
        for _ in range(2):  # a miss, then a hit when the cache is on
            page = reader.get(article.url)
            text = page.content.decode().lower()
            assert "pratinjau rahasia saya" not in text
            assert "awaiting moderation" not in text
            assert not forbidden_strings(["Canary.Pending@Example.com"]) & set(
                re.findall(r"[0-9a-f]{32,64}|[\w.+-]+@[\w.-]+", text)
            )
    if cache_timeout:
        assert Client().get(article.url)[CACHE_HEADER] == "hit"
    # The poster still sees their own preview, past the shared cache.
    assert "Pratinjau rahasia saya" in poster.get(article.url).content.decode()
