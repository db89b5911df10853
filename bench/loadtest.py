"""``make loadtest``: many readers post comments at once to the production set-up.

It runs the example site under gunicorn (several workers) on PostgreSQL and
Redis, on loopback only, then:

1. reads the article page from parallel clients (requests per second);
2. sends LOAD_COMMENTS comments from LOAD_CLIENTS parallel clients, each fetching
   a token as the page's script does and posting the form. Each comment comes
   from its own loopback address (127.<a>.<b>.1, distinct after /24 truncation)
   and email, so per-IP and per-email rules (flood control) see distinct
   readers; with LOAD_SAME_READER=1 each client is one reader posting
   repeatedly, which flood control should refuse. The site does not trust
   X-Forwarded-For and nothing here sends it;
3. counts what the database stored.

It reports accepted (303), refused (4xx, grouped by status and message, i.e. by
rule), errors (5xx, timeouts, connection failures: must be 0), tracebacks in the
server log (must be 0) and stored comments (must equal accepted, each exactly
once). Exit status 1 when any of those fail. Not part of ``make test``.
"""

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MANAGE = [PYTHON, str(ROOT / "example_site" / "manage.py")]
HOST = "127.0.0.1"
PORT = int(os.environ.get("LOAD_PORT", "8765"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "4"))
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "16"))
COMMENTS = int(os.environ.get("LOAD_COMMENTS", "1200"))
PAGE_READS = int(os.environ.get("LOAD_PAGE_READS", "1000"))
DEADLINE = float(os.environ.get("LOAD_DEADLINE", "300"))  # seconds for the whole run
TIMEOUT = 30
SAME_READER = os.environ.get("LOAD_SAME_READER") == "1"  # each client one reader
RUN = uuid.uuid4().hex[:8]
LOG = ROOT / "var" / "loadtest-server.log"

ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
    "DJANGO_SETTINGS_MODULE": "example_site.settings_production",
    "DATABASE_URL": os.environ.get(
        "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsplugin_load"
    ),
    "REDIS_URL": os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/3"),
    "SECRET_KEY": os.environ.get("LOAD_SECRET_KEY", "loadtest-" + "k" * 50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "LOG_LEVEL": "WARNING",
    "CONN_MAX_AGE": "60",
}

SETUP = """
import json
from django.core.cache import cache
from wagtail.models import Site
from newsplugin.models import ArticlePage, NewsIndexPage
cache.clear()
root = Site.objects.get(is_default_site=True).root_page
index = NewsIndexPage.objects.filter(slug="load").first()
if index is None:
    index = root.add_child(instance=NewsIndexPage(title="Load", slug="load"))
article = ArticlePage.objects.child_of(index).filter(slug="load-article").first()
if article is None:
    article = index.add_child(instance=ArticlePage(title="Load article", slug="load-article",
                                                   lead_image_decorative=True))
print(json.dumps({"pk": article.pk, "url": article.get_url()}))
"""

COUNT = """
import json
from django.db.models import Count
from newsplugin.models import ArticleComment
rows = ArticleComment.objects.filter(user_email__startswith="load-%(run)s-")
dupes = rows.values("comment").annotate(n=Count("pk")).filter(n__gt=1).count()
print(json.dumps({"stored": rows.count(), "duplicated_texts": dupes,
                  "ip_addresses": sorted(set(rows.values_list("ip_address", flat=True)))[:3]}))
"""


def manage(*args):
    result = subprocess.run([*MANAGE, *args], env=ENV, capture_output=True, text=True,  # noqa: S603
                            timeout=600)
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def shell(code):
    return json.loads(manage("shell", "--no-imports", "-c", code).strip().splitlines()[-1])


def connection(n):
    """A connection from loopback address number ``n``: 127.<a>.<b>.1, its own /24."""
    address = f"127.{1 + n // 250 % 254}.{n % 250}.1"
    return http.client.HTTPConnection(HOST, PORT, timeout=TIMEOUT, source_address=(address, 0))


def request(conn, method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    return response, response.read()


def wait_for_server(path):
    end = time.monotonic() + 60
    while time.monotonic() < end:
        try:
            response, _ = request(http.client.HTTPConnection(HOST, PORT, timeout=5), "GET", path)
            if response.status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit("gunicorn did not answer within 60 s; see " + str(LOG))


def refusal_reason(status, body):
    text = body.decode("utf-8", "replace")
    found = re.findall(
        r'class="(?:np-form-error|np-field__error|np-refused__message)[^"]*"[^>]*>(.*?)<', text,
        re.S,
    ) or re.findall(r"<main[^>]*>.*?<p[^>]*>(.*?)</p>", text, re.S)
    return f"{status} {unescape(found[0]).strip()[:100] if found else '(no message)'}"


def post_one(n, article, deadline):
    if time.monotonic() > deadline:
        return "skipped", 0.0
    k = n % CLIENTS
    # Every comment is a new reader (own address and email), so flood control,
    # once it exists, refuses none of them; set LOAD_SAME_READER=1 to see it work.
    conn = connection(k if SAME_READER else n)
    started = time.monotonic()
    try:
        response, body = request(conn, "GET", f"/comments/token/?object_pk={article['pk']}")
        if response.status != 200:
            return f"error token {response.status}", time.monotonic() - started
        token = json.loads(body)
        cookie = response.getheader("Set-Cookie", "").split(";")[0]
        form = {
            "content_type": "newsplugin.articlepage",
            "object_pk": str(article["pk"]),
            "timestamp": token["timestamp"],
            "security_hash": token["security_hash"],
            "csrfmiddlewaretoken": token["csrfmiddlewaretoken"],
            "name": f"Pembaca {k}",
            "email": f"load-{RUN}-{k if SAME_READER else n}@example.com",
            "url": "",
            "comment": f"Komentar uji beban {RUN} nomor {n}.",
            "honeypot": "",
            "reply_to": "0",
        }
        response, body = request(
            conn, "POST", "/comments/post/", urlencode(form),
            {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
        )
    except (OSError, http.client.HTTPException) as exc:
        return f"error {type(exc).__name__}", time.monotonic() - started
    finally:
        conn.close()
    elapsed = time.monotonic() - started
    if response.status == 303:
        return "accepted", elapsed
    if 400 <= response.status < 500:
        return "refused " + refusal_reason(response.status, body), elapsed
    return f"error {response.status}", elapsed


def read_page(n, article, deadline):
    if time.monotonic() > deadline:
        return "skipped"
    conn = connection(n % CLIENTS)
    try:
        response, _ = request(conn, "GET", article["url"])
        return "ok" if response.status == 200 else f"error {response.status}"
    except (OSError, http.client.HTTPException) as exc:
        return f"error {type(exc).__name__}"
    finally:
        conn.close()


def timed(label, function, count, article, deadline):
    started = time.monotonic()
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(lambda n: function(n, article, deadline), range(count)))
    seconds = time.monotonic() - started
    return results, seconds


def main():
    (ROOT / "var").mkdir(exist_ok=True)
    print(f"load test {RUN}: {WORKERS} gunicorn workers, {CLIENTS} clients, "
          f"{COMMENTS} comments, {PAGE_READS} page reads, {ENV['DATABASE_URL']}, "
          f"{ENV['REDIS_URL']}")
    # A fresh database each run: counts and migrations start from nothing.
    manage("ensure_database", "--recreate")
    manage("migrate", "--noinput", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")
    article = shell(SETUP)
    with open(LOG, "w") as log:
        server = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
            [str(Path(PYTHON).parent / "gunicorn"), "--chdir", str(ROOT / "example_site"),
             "--bind", f"{HOST}:{PORT}", "--workers", str(WORKERS), "--timeout", "60",
             "example_site.wsgi"],
            env=ENV, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    watchdog = threading.Timer(DEADLINE + 60, lambda: os.killpg(server.pid, signal.SIGKILL))
    watchdog.start()
    try:
        wait_for_server(article["url"])
        deadline = time.monotonic() + DEADLINE
        reads, read_seconds = timed("read", read_page, PAGE_READS, article, deadline)
        posts, post_seconds = timed("post", post_one, COMMENTS, article, deadline)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        watchdog.cancel()
    outcomes = Counter(outcome for outcome, _ in posts)
    stored = shell(COUNT % {"run": RUN})
    accepted = outcomes.pop("accepted", 0)
    skipped = outcomes.pop("skipped", 0)
    refused = {k: v for k, v in outcomes.items() if k.startswith("refused")}
    errors = {k: v for k, v in outcomes.items() if k.startswith("error")}
    read_errors = Counter(r for r in reads if r.startswith("error"))
    tracebacks = LOG.read_text(errors="replace").count("Traceback")
    latencies = sorted(elapsed for outcome, elapsed in posts if outcome == "accepted")

    print(f"article page: {len(reads)} reads in {read_seconds:.1f} s = "
          f"{len(reads) / read_seconds:.0f} requests/s, errors {sum(read_errors.values())}")
    print(f"posting: {len(posts) - skipped} comments (token + post) in {post_seconds:.1f} s = "
          f"{(len(posts) - skipped) / post_seconds:.0f} comments/s "
          f"({2 * (len(posts) - skipped) / post_seconds:.0f} requests/s)"
          + (f", median {latencies[len(latencies) // 2] * 1000:.0f} ms" if latencies else ""))
    print(f"accepted: {accepted}")
    print(f"refused: {sum(refused.values())}")
    for reason, count in sorted(refused.items()):
        print(f"  {count:5d}  {reason}")
    print(f"errors: {sum(errors.values()) + sum(read_errors.values())} {dict(errors)}")
    print(f"skipped (deadline): {skipped}")
    print(f"server tracebacks: {tracebacks} (log: {LOG})")
    print(f"stored: {stored['stored']} (duplicated texts: {stored['duplicated_texts']}; "
          f"IP addresses as stored, e.g. {stored['ip_addresses']})")
    ok = (not errors and not read_errors and not tracebacks and not skipped
          and stored["stored"] == accepted and stored["duplicated_texts"] == 0
          and accepted + sum(refused.values()) == COMMENTS)
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
