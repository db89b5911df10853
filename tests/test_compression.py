"""The example site's production settings send pages compressed to clients that accept it."""

import gzip
import json

import pytest

from .builders import bulk_comments
from .test_production import PRODUCTION_ENV, manage

SHOW_MIDDLEWARE = (
    "import json; from django.conf import settings; print(json.dumps(settings.MIDDLEWARE))"
)


@pytest.fixture
def production_middleware(settings, tmp_path):
    """The production settings' MIDDLEWARE, exactly, around the test site's URLs."""
    settings.STATIC_ROOT = tmp_path  # whitenoise looks there
    result = manage("shell", "--no-imports", "-c", SHOW_MIDDLEWARE, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    settings.MIDDLEWARE = json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
@pytest.mark.parametrize("page_cache", [0, 300])
def test_article_is_sent_gzipped_only_to_clients_that_accept_it(
    client, settings, production_middleware, article, page_cache
):
    settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = page_cache
    bulk_comments(article, 200)
    # Plain first: with the page cache on, the compressed answer is then a cache hit.
    plain = client.get(article.url)
    zipped = client.get(article.url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    plain_again = client.get(article.url)

    for response in (plain, zipped, plain_again):
        assert response.status_code == 200
        assert "Accept-Encoding" in response["Vary"]
    assert "Content-Encoding" not in plain and "Content-Encoding" not in plain_again
    assert plain.content.startswith(b"<!DOCTYPE html>")
    assert zipped["Content-Encoding"] == "gzip"
    html = gzip.decompress(zipped.content)
    assert html.startswith(b"<!DOCTYPE html>") and b"Pasar Ikan" in html
    assert len(zipped.content) < len(html) / 4
    if page_cache:
        assert zipped["X-Newsplugin-Cache"] == "hit"
        assert html == plain.content == plain_again.content
