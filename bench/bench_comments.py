"""``make bench``: how long an article page takes with many comments, against stock xtd.

One run builds articles with 0, 50, 200 and 1,000 approved comments (threads of
four, depth 3) in a throwaway database, then renders each article three ways:
this plugin's page, the same page with its comments drawn by django-comments-xtd's
``render_xtdcomment_tree``, and a bare Wagtail page as the floor. It prints the
median time and the query count of each. Not a test: nothing here is collected
by pytest, and the numbers depend on the machine.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site"), str(Path(__file__).parent)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.response import TemplateResponse  # noqa: E402
from django.test.client import Client, RequestFactory  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
)
from wagtail.models import Site  # noqa: E402

SIZES = (0, 50, 200, 1000)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
STOCK_TEMPLATE = "newsplugin_bench/stock_xtd_article.html"


def request_for(page):
    request = RequestFactory().get(page.url)
    request.session = SessionStore()
    request.user = AnonymousUser()
    return request


def measure_all(renders):
    """Median ms, query count and bytes for each render, timed side by side.

    Rounds interleave the renders (one of each per round), so a busy machine
    slows them all alike and the ratios stay meaningful.
    """
    for render in renders.values():
        render()  # warm templates, content types and renditions
    times = {name: [] for name in renders}
    for _ in range(ROUNDS):
        for name, render in renders.items():
            start = time.perf_counter()
            render()
            times[name].append((time.perf_counter() - start) * 1000)
    results = {}
    for name, render in renders.items():
        with CaptureQueriesContext(connection) as queries:
            size = len(render())
        results[name] = (statistics.median(times[name]), len(queries), size)
    return results


def plugin_page(article):
    return lambda: article.serve(request_for(article)).render().content


def stock_xtd_page(article):
    def render():
        request = request_for(article)
        context = article.get_context(request)
        return TemplateResponse(request, STOCK_TEMPLATE, context).render().content

    return render


def main():
    from django.conf import settings
    from django.template import engines

    from tests.builders import bulk_comments, make_article, make_index

    # A template that swaps the plugin's comment section for xtd's stock tree.
    engines["django"].engine.dirs = [*engines["django"].engine.dirs, str(Path(__file__).parent)]
    setup_test_environment()
    settings.DEBUG = False
    settings.ROOT_URLCONF = "bench_urls"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        index = make_index()
        articles = {}
        for size in SIZES:
            article = make_article(index, f"Artikel dengan {size} komentar")
            bulk_comments(article, size)
            articles[size] = article
        # The floor: a Wagtail page with a template and nothing of the plugin on it
        # (the example front page with no stories, sections or most commented).
        from home.models import HomePage

        root = Site.objects.get(is_default_site=True).root_page
        bare = root.add_child(instance=HomePage(
            title="Beranda", slug="beranda", secondary_count=0, section_count=0,
            most_commented_days=0,
        ))
        renders = {"floor": lambda: bare.serve(request_for(bare)).render().content}
        # Whole requests through the middleware: an anonymous reader's cached article
        # page (issue: cacheable pages) against a plain Django view.
        settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 300
        settings.MIDDLEWARE = [
            settings.MIDDLEWARE[0],
            "newsplugin.cache.middleware.AnonymousPageCacheMiddleware",
            *settings.MIDDLEWARE[1:],
        ]
        reader = Client()
        cached_url = articles[200].url
        renders["plain view"] = lambda: reader.get("/plain/").content
        renders["cached article"] = lambda: reader.get(cached_url).content
        for size, article in articles.items():
            renders[("plugin", size)] = plugin_page(article)
            renders[("stock", size)] = stock_xtd_page(article)
        measured = measure_all(renders)
        floor = measured["floor"]

        print(f"median of {ROUNDS} interleaved renders, in-process, {connection.vendor}")
        print(f"bare Wagtail page: {floor[0]:.1f} ms, {floor[1]} queries\n")
        header = (
            f"{'comments':>8} | {'plugin ms':>9} {'q':>3} {'KB':>5} | "
            f"{'stock xtd ms':>12} {'q':>3} {'KB':>5} | {'xtd/plugin':>10} | {'vs 0':>5}"
        )
        print(header)
        print("-" * len(header))
        results = {}
        for size in articles:
            ours, stock = measured[("plugin", size)], measured[("stock", size)]
            results[size] = (ours, stock)
            print(
                f"{size:>8} | {ours[0]:>9.1f} {ours[1]:>3} {ours[2] / 1024:>5.0f} | "
                f"{stock[0]:>12.1f} {stock[1]:>3} {stock[2] / 1024:>5.0f} | "
                f"{stock[0] / ours[0]:>9.1f}x | {ours[0] / results[0][0][0]:>4.1f}x"
            )
        plain, cached = measured["plain view"], measured["cached article"]
        print()
        print(f"{'whole request':<34} | {'ms':>6} {'q':>3} {'KB':>5}")
        for label, (ms, queries, size) in (
            ("plain Django view (floor)", plain),
            ("cached anonymous article, 200 c.", cached),
            ("article.serve(), 200 comments", results[200][0]),
        ):
            print(f"{label:<34} | {ms:>6.2f} {queries:>3} {size / 1024:>5.0f}")
        print(f"cached article / plain view: {cached[0] / plain[0]:.1f}x")
        first_page = results[1000][0][0] / results[0][0][0]
        speed_up = results[200][1][0] / results[200][0][0]
        print()
        print(
            f"target: 1,000-comment first page within 2x of 0 comments: {first_page:.2f}x "
            f"{'MET' if first_page <= 2 else 'MISSED'}"
        )
        print(
            f"target: 200-comment page >= 3x faster than stock xtd: {speed_up:.1f}x "
            f"{'MET' if speed_up >= 3 else 'MISSED'}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
