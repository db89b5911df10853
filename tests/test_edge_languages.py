"""Varnish in front (example_site/varnish/default.vcl, as `make run-edge` runs it)
keeps the two editions apart, whatever language a reader's browser prefers."""

import http.client
import os
import shutil
import subprocess
import time
from urllib.parse import urlsplit

import pytest

from .builders import make_article, make_index, translate
from .test_behind_nginx import free_port

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VCL = os.path.join(os.path.dirname(__file__), "..", "example_site", "varnish", "default.vcl")


@pytest.fixture
def varnish(live_server, tmp_path, settings):
    executable = shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if os.path.exists("/usr/sbin/varnishd") else None
    )
    if executable is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("varnishd is not installed (apt-get install varnish)")
        pytest.skip("varnishd is not installed (apt-get install varnish)")
    settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 300  # pages say "public, s-maxage"
    port = free_port()
    vcl = tmp_path / "default.vcl"
    with open(VCL) as source:
        vcl.write_text(source.read().replace("@BACKEND_PORT@", str(urlsplit(live_server.url).port)))
    process = subprocess.Popen(
        [executable, "-F", "-j", "none", "-n", str(tmp_path / "varnish"), "-a",
         f"127.0.0.1:{port}", "-T", "127.0.0.1:0", "-f", str(vcl), "-s", "malloc,16m"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"varnishd exited: {process.stderr.read().decode()}")
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(timeout=10)


def get(port, path, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": "localhost", **headers})
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response, body


def test_the_edge_cache_never_serves_one_language_for_another(varnish):
    article = make_article(make_index(), "Pasar Dibuka")
    english = translate(article, title="Market Opens", slug="market-opens")
    readers = [
        {"Accept-Language": "en-GB,en;q=0.9"},
        {"Accept-Language": "id-ID,id;q=0.9,en;q=0.5"},
        {"Accept-Language": "en-US"},
        {},
    ]
    seen = {}
    for _ in range(2):
        for headers in readers:
            for url, language in ((article.url, "id"), (english.url, "en")):
                response, body = get(varnish, url, **headers)
                assert response.status == 200
                assert response.getheader("Content-Language") == language, (url, headers)
                assert f'<html lang="{language}">' in body
                seen.setdefault(url, []).append(response.getheader("X-Edge-Cache"))
    # Stored at the edge: at most one variant per site language, not one per header.
    for url, verdicts in seen.items():
        assert verdicts.count("miss") <= 2, (url, verdicts)
        assert verdicts[-1] == "hit", (url, verdicts)
    # A reader with the language cookie goes through to the site, and still gets the
    # address's language.
    response, body = get(varnish, article.url, Cookie="django_language=en")
    assert response.getheader("X-Edge-Cache") == "miss"
    assert '<html lang="id">' in body
