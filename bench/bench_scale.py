"""``make bench-scale``: the moderation queue and the article page with 1,000,000 comments.

Builds the demo newsroom in a PostgreSQL database of its own (as ``make
bench`` does, with ``BENCH_DATABASE_URL`` defaulting to ``newsplugin_scale``),
with 1,000 approved comments on one article, and measures what a moderator and
a reader wait for: the queue's first page (Pending, through the admin and its
middleware), its tab counts, the pending count on the menu, a bulk approval of
1,000 comments, and that article's page (page cache off). Then it adds
SCALE_COMMENTS (1,000,000) comments spread over the other articles, in bulk
(SQL ``generate_series``: 80 % approved, 10 % pending, 5 % rejected, 5 % spam),
ANALYZEs, measures the same again, and prints each ratio (target: at most
2x) and the ``EXPLAIN ANALYZE`` plans of the queries that touch the comment
tables. Not a test; the numbers depend on the machine.
"""

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsplugin_scale")
os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
sys.path.insert(0, str(Path(__file__).parent))

import bench_requests as bench  # noqa: E402  (sets up Django with the production settings)
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from newsplugin.models import ArticleComment, ArticlePage  # noqa: E402
from newsplugin.moderation.decisions import decide, status_counts  # noqa: E402
from newsplugin.moderation.views import pending_count  # noqa: E402

COMMENTS = int(os.environ.get("SCALE_COMMENTS", "1000000"))
ROUNDS = int(os.environ.get("SCALE_ROUNDS", "15"))
QUEUE = "/admin/comment-moderation/"

BULK_INSERT = """
WITH params AS (
    SELECT %(content_type)s AS content_type, %(site)s AS site, now() - interval '400 days' AS start
), base AS (
    INSERT INTO django_comments (object_pk, user_name, user_email, user_url, comment,
                                 submit_date, is_public, is_removed, content_type_id, site_id)
    SELECT (%(articles)s::text[])[1 + n %% array_length(%(articles)s::text[], 1)],
           'Pembaca ' || n, 'pembaca' || n || '@example.com', '',
           'Komentar arsip nomor ' || n || '.',
           params.start + n * interval '30 seconds', n %% 20 < 16, false,
           params.content_type, params.site
    FROM params, generate_series(1, %(count)s) AS n
    RETURNING id, is_public, comment
), xtd AS (
    INSERT INTO django_comments_xtd_xtdcomment (comment_ptr_id, thread_id, parent_id, level,
                                                "order", followup, nested_count)
    SELECT id, id, id, 0, 1, false, 0 FROM base
    RETURNING comment_ptr_id
)
INSERT INTO newsplugin_articlecomment (xtdcomment_ptr_id, comment_html, moderation_status,
                                       by_newsroom, moderation_rule, notify_replies,
                                       email_key, address_key)
SELECT id, '<p>' || comment || '</p>',
       CASE WHEN is_public THEN 'approved'
            WHEN id %% 20 = 16 OR id %% 20 = 17 THEN 'pending'
            WHEN id %% 20 = 18 THEN 'rejected' ELSE 'spam' END,
       false, '', false, '', ''
FROM base
"""


class Queries(list):
    """(sql, params) of every query run while inside, through ``execute_wrapper``."""

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self._record)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    def _record(self, execute, sql, params, many, context):
        self.append((sql, params))
        return execute(sql, params, many, context)


def timed(function, rounds=ROUNDS):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(client, moderator, article_path, pending_ids):
    """{label: (ms, queries)} for what the moderator and the reader wait for."""
    from example_site.wsgi import application  # as gunicorn loads it

    def queue():
        response = client.get(QUEUE)
        assert response.status_code == 200, response.status_code

    def article():
        status, _ = bench.make_request(application, article_path, False)
        assert status.startswith("200"), status

    cases = {
        "queue, first page (Pending)": queue,
        "queue, tab counts": status_counts,
        "menu, pending count": lambda: pending_count(moderator),
        "article page, 1,000 comments": article,
    }
    results = {}
    for label, function in cases.items():
        function()  # warm
        with Queries() as queries:
            function()
        results[label] = (timed(function), len(queries), list(queries))

    def approve_and_restore():
        decide(pending_ids, "approve", None)
        ArticleComment.objects.filter(pk__in=pending_ids).update(moderation_status="pending",
                                                                  is_public=False)

    with Queries() as queries:
        decide(pending_ids, "approve", None)
    ArticleComment.objects.filter(pk__in=pending_ids).update(moderation_status="pending",
                                                              is_public=False)
    # The restore is timed with it; it is the same for both sizes.
    results["bulk approve of 1,000"] = (timed(approve_and_restore, max(3, ROUNDS // 3)),
                                        len(queries), list(queries))
    return results


def main():
    from django.contrib.contenttypes.models import ContentType

    from tests.builders import bulk_comments

    paths = bench.build_site()
    article_path = paths["article, 1,000 comments"]
    article = next(a for a in ArticlePage.objects.live() if a.url == article_path)
    pending_ids = bulk_comments(article, 1000, approved=False, text="Menunggu {n}.")
    moderator = get_user_model().objects.get(username="moderator")
    client = Client(HTTP_HOST="127.0.0.1:8000")
    client.force_login(moderator)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    small = measure(client, moderator, article_path, pending_ids)
    before = ArticleComment.objects.count()

    started = time.perf_counter()
    others = [str(pk) for pk in ArticlePage.objects.exclude(pk=article.pk)
              .values_list("pk", flat=True)]
    with connection.cursor() as cursor:
        cursor.execute(BULK_INSERT, {
            "content_type": ContentType.objects.get_for_model(ArticlePage).pk,
            "site": 1, "articles": others, "count": COMMENTS,
        })
        cursor.execute("ANALYZE")
    built = time.perf_counter() - started
    large = measure(client, moderator, article_path, pending_ids)
    total = ArticleComment.objects.count()

    print(f"Comments in the database: {before:,} and {total:,} ({COMMENTS:,} added in "
          f"{built:.0f} s); PostgreSQL {connection.pg_version // 10000}, median of {ROUNDS}")
    print(f"{'':<30} {'':>6}{before:>10,} {'':>6}{total:>12,}")
    print(f"{'':<30} {'ms':>8} {'q':>4}   {'ms':>8} {'q':>4}   ratio")
    for label, (ms, queries, _) in small.items():
        big_ms, big_queries, _ = large[label]
        ratio = big_ms / ms
        print(f"{label:<30} {ms:8.1f} {queries:4d}   {big_ms:8.1f} {big_queries:4d}   "
              f"{ratio:4.1f}x {'MET' if ratio <= 2 else 'MISSED'}")
    print()
    print(f"EXPLAIN ANALYZE of the queries on the comment tables, {total:,} comments:")
    seen = set()
    for label, (_, _, queries) in large.items():
        for sql, params in queries:
            if "django_comments" not in sql and "newsplugin_articlecomment" not in sql:
                continue
            if not sql.lstrip().upper().startswith("SELECT") or sql in seen:
                continue
            seen.add(sql)
            with connection.cursor() as cursor:
                explain = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) "
                cursor.execute(explain + sql, params)
                plan = [row[0] for row in cursor.fetchall()]
            print(f"\n-- {label}: {sql[:160]}{'…' if len(sql) > 160 else ''}")
            for line in plan:
                print("   " + (line if len(line) < 160 else line[:157] + "…"))


if __name__ == "__main__":
    main()
