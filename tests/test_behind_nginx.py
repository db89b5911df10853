"""The example deployment for real: readers -> nginx on loopback -> the app.

Each reader connects from an address of their own (127.0.0.10, 127.0.0.11…; all of
127/8 is loopback on Linux). nginx appends the address it saw to
X-Forwarded-For, as the README's configuration does, and forwards from
127.0.0.1, the one trusted proxy.
"""

import http.client
import json
import os
import shutil
import socket
import subprocess
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from wagtail.models import Site

from newsplugin.models import ArticleComment, ModerationSettings

from .builders import comment_form_data, make_article, make_index
from .nginx import nginx_conf

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def nginx(live_server, tmp_path, settings):
    executable = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx")
                                           else None)
    if executable is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("nginx is not installed (apt-get install nginx-light)")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    settings.NEWSPLUGIN_TRUSTED_PROXIES = ["127.0.0.1"]
    port = free_port()
    upstream = urlsplit(live_server.url).port
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_conf(tmp_path, port, upstream, os.geteuid() == 0))
    process = subprocess.Popen(
        [executable, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("nginx did not start: " + process.stderr.read().decode())
    yield port
    process.terminate()
    process.wait(timeout=10)


def request(port, method, path, source, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30,
                                            source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def post_comment(port, article, source, forwarded=None, **fields):
    """What the page's script and form do: fetch a token, then post the comment."""
    status, headers, body = request(port, "GET", f"/comments/token/?object_pk={article.pk}",
                                    source)
    assert status == 200, body
    token = json.loads(body)
    cookies = SimpleCookie()
    for name, value in headers:
        if name.lower() == "set-cookie":
            cookies.load(value)
    data = comment_form_data(article, **fields)
    data.update(token)
    extra = {"X-Forwarded-For": forwarded} if forwarded else {}
    status, _headers, _body = request(
        port, "POST", "/comments/post/", source, body=urlencode(data),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken'].value}",
            **extra,
        },
    )
    return status


def reader(n):
    return {"name": f"Pembaca {n}", "email": f"pembaca{n}@example.com",
            "comment": f"Pendapat nomor {n}."}


@pytest.fixture
def article():
    article = make_article(make_index(), "Lewat Nginx")
    ModerationSettings.for_site(Site.objects.get(is_default_site=True))
    return article


def test_twenty_readers_behind_nginx_are_all_accepted(nginx, article):
    statuses = [post_comment(nginx, article, f"127.0.0.{10 + n}", **reader(n))
                for n in range(20)]
    assert statuses == [303] * 20
    assert ArticleComment.objects.values("address_key").distinct().count() == 20


def test_one_fast_reader_behind_nginx_is_refused(nginx, article):
    assert post_comment(nginx, article, "127.0.0.10", **reader(1)) == 303
    assert post_comment(nginx, article, "127.0.0.10", **reader(2)) == 429
    assert post_comment(nginx, article, "127.0.0.11", **reader(3)) == 303


def test_a_spoofed_header_through_nginx_or_straight_to_the_app_gains_nothing(
    nginx, live_server, article
):
    # Through nginx: the reader's own header is kept on the left and ignored.
    assert post_comment(nginx, article, "127.0.0.10", forwarded="198.51.100.1",
                        **reader(1)) == 303
    assert post_comment(nginx, article, "127.0.0.10", forwarded="198.51.100.2",
                        **reader(2)) == 429
    # Straight to the app from an untrusted address: the header is not read at all.
    app = urlsplit(live_server.url).port
    assert post_comment(app, article, "127.0.0.20", forwarded="198.51.100.3",
                        **reader(3)) == 303
    assert post_comment(app, article, "127.0.0.20", forwarded="198.51.100.4",
                        **reader(4)) == 429
