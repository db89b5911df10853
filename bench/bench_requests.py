"""``make bench``, part 1: what readers get from the deployed stack.

Whole requests, each through the example site's WSGI application as gunicorn
loads it (``example_site.wsgi``) with its production settings
(``example_site.settings_production``: every middleware, whitenoise, Redis as
Django's cache, PostgreSQL), into a database of its own
(``newsplugin_bench``, recreated each run, Redis database 10) filled with the
demo newsroom (``load_demo_content``: drawn photos, bylines, tags, pins) and
approved comments on three of its articles. It times a missing address asked for
by a client that does not want HTML (Wagtail routing, the same middleware and a
one-line answer: the floor), the site's 404 page as a browser gets it, the home
page, the news index, an author archive, and articles with 0, 200 and 1,000
comments, with the page cache
off and on, one request of each per round in a shuffled order, and prints for
each the median, its ratio to the floor, its SQL queries, its cache calls
(Django cache methods; Redis round trips, i.e. commands or pipelines sent), its
cache writes and its size.

When PostgreSQL or Redis cannot be reached it says so and runs on SQLite or a
per-process memory cache instead; the heading names what was measured. Not a
test: nothing here is collected by pytest, and the numbers depend on the machine.
Environment: BENCH_ROUNDS (30), BENCH_DATABASE_URL, BENCH_REDIS_URL.
"""

import io
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site"), str(Path(__file__).parent)]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsplugin_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
COMMENT_COUNTS = (0, 200, 1000)
CACHE_METHODS = (
    "get", "get_many", "set", "set_many", "add", "delete", "delete_many", "incr", "decr",
    "touch", "has_key", "get_or_set", "clear",
)
HTML = "text/html,application/xhtml+xml"
FLOOR = "404, not HTML (floor)"
# What each page is asked for with: the floor as a script would (plain-text 404).
ACCEPT = {FLOOR: "*/*"}
CACHE_WRITES = {"set", "set_many", "add", "delete", "delete_many", "incr", "decr", "touch"}


def reachable():
    """Which of PostgreSQL and Redis answer; a reason for each that does not."""
    problems = {}
    try:
        import psycopg

        from example_site.env import database_from_url

        db = database_from_url(DATABASE_URL)
        params = {"dbname": "postgres", "user": db["USER"], "password": db["PASSWORD"],
                  "host": db["HOST"], "port": db["PORT"], "connect_timeout": 3}
        psycopg.connect(**{k: v for k, v in params.items() if v}).close()
    except Exception as error:  # noqa: BLE001 (any failure means: fall back)
        problems["database"] = f"PostgreSQL at {DATABASE_URL}: {error}".strip()
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except Exception as error:  # noqa: BLE001
        problems["cache"] = f"Redis at {REDIS_URL}: {error}".strip()
    return problems


PROBLEMS = reachable()
os.environ["BENCH_FALLBACK"] = ",".join(PROBLEMS)
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["REDIS_URL"] = REDIS_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


class CacheCounter:
    """Counts Django cache calls, cache writes and Redis round trips while ``counting``."""

    def __init__(self):
        self.calls = Counter()
        self.active = False
        self._depth = 0

    def install(self):
        cache_class = type(caches["default"])
        for name in CACHE_METHODS:
            method = getattr(cache_class, name, None)
            if method is not None:
                setattr(cache_class, name, self._wrap(name, method))
        try:
            from redis.connection import AbstractConnection
        except ImportError:
            return
        send = AbstractConnection.send_packed_command

        def send_packed_command(connection_, *args, **kwargs):
            if self.active:
                self.calls["round trips"] += 1
            return send(connection_, *args, **kwargs)

        AbstractConnection.send_packed_command = send_packed_command

    def _wrap(self, name, method):
        def counted(cache, *args, **kwargs):
            # BaseCache's own get_many() calls get(): count the outer call only.
            if self.active and not self._depth:
                self.calls["calls"] += 1
                if name in CACHE_WRITES:
                    self.calls["writes"] += 1
            self._depth += 1
            try:
                return method(cache, *args, **kwargs)
            finally:
                self._depth -= 1

        return counted

    @contextmanager
    def counting(self):
        self.calls.clear()
        self.active = True
        try:
            yield self.calls
        finally:
            self.active = False


def build_site():
    """A fresh database with the demo newsroom; returns {label: path}."""
    from django.core.cache import cache
    from wagtail.models import Site

    from newsplugin.models import ArticlePage, Author, NewsIndexPage
    from tests.builders import bulk_comments

    if connection.vendor == "postgresql":
        call_command("ensure_database", recreate=True, stdout=io.StringIO())
    else:
        Path(settings.DATABASES["default"]["NAME"]).unlink(missing_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo_content", stdout=io.StringIO())
    cache.clear()

    site = Site.objects.get(is_default_site=True)
    index = NewsIndexPage.objects.live().descendant_of(site.root_page).first()
    articles = list(
        ArticlePage.objects.live().descendant_of(index).filter(lead_image__isnull=False)
        .order_by("-date")[: len(COMMENT_COUNTS)]
    )
    if len(articles) < len(COMMENT_COUNTS):
        sys.exit("The demo content has too few articles with a lead photo.")
    author = Author.objects.filter(article_links__article=articles[0]).first()
    paths = {
        FLOOR: "/no-such-page/",
        "404 page": "/no-such-page/",
        "home page": site.root_page.specific.get_url(),
        "news index": index.get_url(),
        "author archive": index.author_url(author),
    }
    for count, article in zip(COMMENT_COUNTS, articles, strict=True):
        bulk_comments(article, count)
        paths[f"article, {count:,} comments"] = article.get_url()
    # Planner statistics, as autovacuum would have them on a live site after bulk inserts.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return paths


def wsgi_environ(path, accept=HTML):
    """What gunicorn hands the application for an anonymous reader's GET."""
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT": accept,
        "HTTP_ACCEPT_LANGUAGE": "id,en;q=0.8",
        "HTTP_USER_AGENT": "newsplugin-bench",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def make_request(application, path, page_cache, accept=HTML):
    settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 300 if page_cache else 0
    status = []
    response = application(wsgi_environ(path, accept), lambda s, headers, *_: status.append(s))
    try:
        body = b"".join(response)
    finally:
        response.close()
    return status[0], body


def main():
    started = datetime.now(UTC)
    paths = build_site()
    from example_site.wsgi import application  # as gunicorn loads it

    counter = CacheCounter()
    counter.install()
    cases = [(label, path, cached) for cached in (False, True) for label, path in paths.items()]

    # Warm: templates, URL resolvers, content types, renditions, and the page cache.
    for label, path, cached in cases:
        for _ in range(2):
            status, _ = make_request(application, path, cached, ACCEPT.get(label, HTML))
        expected = "404" if label.startswith("404") else "200"
        if not status.startswith(expected):
            sys.exit(f"{label} ({path}) answered {status}, expected {expected}")

    times = {case: [] for case in cases}
    for n in range(ROUNDS):
        order = list(cases)
        random.Random(n).shuffle(order)
        for case in order:
            start = time.perf_counter()
            make_request(application, case[1], case[2], ACCEPT.get(case[0], HTML))
            times[case].append((time.perf_counter() - start) * 1000)

    measured = {}
    for case in cases:
        with CaptureQueriesContext(connection) as queries, counter.counting() as calls:
            _, body = make_request(application, case[1], case[2], ACCEPT.get(case[0], HTML))
        measured[case] = {
            "ms": statistics.median(times[case]),
            "queries": len(queries),
            "calls": calls["calls"],
            "round_trips": calls["round trips"],
            "writes": calls["writes"],
            "kb": len(body) / 1024,
        }

    database = (
        f"PostgreSQL {connection.pg_version // 10000} ({settings.DATABASES['default']['NAME']})"
        if connection.vendor == "postgresql"
        else "SQLite (FALLBACK: PostgreSQL unreachable)"
    )
    cache_name = (
        f"Redis ({REDIS_URL})" if "cache" not in PROBLEMS
        else "per-process memory cache (FALLBACK: Redis unreachable)"
    )
    for problem in PROBLEMS.values():
        print(f"NOTE: {problem}")
    print(
        f"Whole requests through example_site.settings_production's WSGI application and "
        f"middleware\n{database}, {cache_name}; {started:%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()} cores (shared), Python {platform.python_version()}, "
        f"Django {django.get_version()}\nmedian of {ROUNDS} interleaved rounds; x404: ratio to "
        "the floor (routing, a one-line 404) in the same mode;\ncache: Django cache calls / "
        "Redis round trips / writes"
    )
    header = (
        f"{'page':<24} | {'page cache off':^37} | {'page cache on':^30} |\n"
        f"{'':<24} | {'ms':>6} {'x404':>5} {'q':>3} {'cache':>9} {'KB':>6} | "
        f"{'ms':>6} {'x404':>5} {'q':>3} {'cache':>9}  |"
    )
    print(header)
    print("-" * len(header.splitlines()[1]))
    floor_label = FLOOR
    floors = {cached: measured[(floor_label, paths[floor_label], cached)]["ms"]
              for cached in (False, True)}

    def cells(result, cached):
        cache = f"{result['calls']}/{result['round_trips']}/{result['writes']}"
        return (f"{result['ms']:>6.1f} {result['ms'] / floors[cached]:>4.1f}x "
                f"{result['queries']:>3} {cache:>9}")

    for label, path in paths.items():
        off, on = measured[(label, path, False)], measured[(label, path, True)]
        print(f"{label:<24} | {cells(off, False)} {off['kb']:>6.1f} | {cells(on, True)}  |")

    print()
    targets = [label for label in paths if not label.startswith("404") and "1,000" not in label]
    for label in targets:
        ratio = measured[(label, paths[label], False)]["ms"] / floors[False]
        print(f"target: {label}, page cache off, at most 2x the floor: {ratio:.1f}x "
              f"{'MET' if ratio <= 2 else 'MISSED'}")
    article = measured[(f"article, {COMMENT_COUNTS[0]:,} comments",
                        paths[f"article, {COMMENT_COUNTS[0]:,} comments"], False)]
    print(f"target: at most 8 queries on an article: {article['queries']} "
          f"{'MET' if article['queries'] <= 8 else 'MISSED'}")
    print(f"target: no cache writes on an uncached article: {article['writes']} "
          f"{'MET' if article['writes'] == 0 else 'MISSED'}")


if __name__ == "__main__":
    main()
