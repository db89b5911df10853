"""The example site's Content-Security-Policy: strict on public pages, which need no inline
script or style, and a framing-only policy on the Wagtail admin."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from example_site.security import ADMIN_POLICY, PUBLIC_POLICY

from .builders import make_article, make_author, make_comment, make_image, make_index

CSP = "example_site.security.ContentSecurityPolicyMiddleware"


@pytest.fixture
def with_csp(settings):
    settings.MIDDLEWARE = [settings.MIDDLEWARE[0], CSP, *settings.MIDDLEWARE[1:]]
    settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 300


def newsroom():
    index = make_index()
    author = make_author("Sari Dewi", bio="Wartawan.")
    article = make_article(index, "Pasar Dibuka", authors=[author], tags=["pasar"],
                           lead_image=make_image(), lead_image_caption="Pasar",
                           lead_image_credit="Foto: Sari", lead_image_alt="Pedagang")
    make_comment(article, text="Bagus <em>sekali</em> https://example.org/")
    return index, author, article


def test_public_policy_has_no_unsafe_inline():
    assert "unsafe-inline" not in PUBLIC_POLICY and "unsafe-eval" not in PUBLIC_POLICY
    assert "script-src 'self'" in PUBLIC_POLICY and "style-src 'self'" in PUBLIC_POLICY


@pytest.mark.django_db
def test_public_pages_get_the_strict_policy_and_carry_no_inline_code(with_csp):
    index, author, article = newsroom()
    client = Client()
    for path in (article.url, index.url, index.author_url(author), "/search/?q=pasar"):
        for _ in range(2):  # a cache miss, then a hit
            response = client.get(path)
            assert response["Content-Security-Policy"] == PUBLIC_POLICY, path
        page = BeautifulSoup(response.content, "html.parser")
        for script in page.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", path
        assert not page.find_all("style"), path
        assert not page.find_all(style=True), path
        assert not [t for t in page.find_all(True) if any(a.startswith("on") for a in t.attrs)]


@pytest.mark.django_db
def test_the_admin_gets_the_framing_policy(with_csp, admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == ADMIN_POLICY


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_article_page_and_reply_form_work_under_the_policy(live_server, page, with_csp):
    index, author, article = newsroom()
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(live_server.url + article.url)
    page.fill("#id_name", "Sari")
    page.fill("#id_email", "sari@example.com")
    page.fill("#id_comment", "Setuju.")
    # The script fetched a token under the policy; the post goes through.
    page.wait_for_function("document.querySelector('[name=csrfmiddlewaretoken]')?.value")
    with page.expect_navigation():
        page.click(".np-comment-form button[type=submit]")
    assert page.locator(".np-comments__pending").count() == 1
    stylesheet = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert stylesheet
    assert violations == []
