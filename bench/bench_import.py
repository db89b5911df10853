"""``make bench-import``: import_wordpress on a generated export of newsroom size.

Writes a WordPress export of 20,000 published posts and 200,000 comments (threads
of replies up to four deep, in every moderation state, with pingbacks among them;
a featured photo on some posts from a small uploads folder) to a temporary
folder, imports it into a throwaway database (SQLite in a file by default; the
usual ``DATABASE_URL`` for PostgreSQL), and prints the peak resident memory, the
memory along the way, and comments and posts per second. ``BENCH_POSTS`` and
``BENCH_COMMENTS_PER_POST`` change the size. Not a test: the numbers depend on
the machine.
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

POSTS = int(os.environ.get("BENCH_POSTS", "20000"))
COMMENTS_PER_POST = int(os.environ.get("BENCH_COMMENTS_PER_POST", "10"))
PHOTOS = 20
STATES = ("1", "1", "1", "1", "0", "spam", "trash", "1", "1", "0")
BODY = (
    "Paragraf pembuka berita nomor {n} dengan <strong>huruf tebal</strong>.\n"
    "Baris kedua.\n\n"
    "<h2>Subjudul</h2>\n\n"
    "Paragraf kedua dengan <a href=\"https://sumber.example/{n}\">tautan</a>.\n\n"
    "<ul>\n<li>Satu</li>\n<li>Dua</li>\n</ul>\n\n"
    "<blockquote>Kutipan narasumber.</blockquote>"
)


def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def cdata(text):
    return f"<![CDATA[{text}]]>"


def write_export(path):
    def comment(post, k):
        cid = post * 100 + k
        parent = 0 if k % 4 == 0 else cid - 1  # threads: a comment, then replies down
        kind = "pingback" if k == COMMENTS_PER_POST - 1 and post % 10 == 0 else "comment"
        return (
            f"<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
            f"<wp:comment_author>{cdata(f'Pembaca {k}')}</wp:comment_author>"
            f"<wp:comment_author_email>pembaca{k}@example.com</wp:comment_author_email>"
            f"<wp:comment_author_url>https://pembaca{k}.example</wp:comment_author_url>"
            f"<wp:comment_author_IP>203.0.{k}.{post % 250}</wp:comment_author_IP>"
            f"<wp:comment_date>2023-11-05 08:{k % 60:02d}:00</wp:comment_date>"
            f"<wp:comment_date_gmt>2023-11-05 01:{k % 60:02d}:00</wp:comment_date_gmt>"
            f"<wp:comment_content>{cdata(f'Komentar {k} tentang berita {post}. Setuju!')}"
            "</wp:comment_content>"
            f"<wp:comment_approved>{STATES[k % len(STATES)]}</wp:comment_approved>"
            f"<wp:comment_type>{kind}</wp:comment_type>"
            f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
        )

    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Bench</title><link>https://bench.example</link>"
            "<wp:base_site_url>https://bench.example</wp:base_site_url>\n"
        )
        for a in range(10):
            out.write(
                f"<wp:author><wp:author_login>penulis{a}</wp:author_login>"
                f"<wp:author_display_name>Penulis {a}</wp:author_display_name></wp:author>\n"
            )
        for c in range(20):
            parent = f"rubrik{c // 5 * 5}" if c % 5 else ""
            out.write(
                f"<wp:category><wp:term_id>{c + 2}</wp:term_id>"
                f"<wp:category_nicename>rubrik{c}</wp:category_nicename>"
                f"<wp:category_parent>{parent}</wp:category_parent>"
                f"<wp:cat_name>Rubrik {c}</wp:cat_name></wp:category>\n"
            )
        for p in range(1, PHOTOS + 1):
            out.write(
                f"<item><title>foto{p}</title><wp:post_id>{900000 + p}</wp:post_id>"
                "<wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>"
                "<wp:attachment_url>https://bench.example/wp-content/uploads/2023/11/"
                f"foto{p}.jpg</wp:attachment_url><wp:postmeta><wp:meta_key>"
                "_wp_attachment_image_alt</wp:meta_key><wp:meta_value>Foto berita"
                "</wp:meta_value></wp:postmeta></item>\n"
            )
        for n in range(1, POSTS + 1):
            thumbnail = (
                f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>"
                f"{900000 + n % PHOTOS + 1}</wp:meta_value></wp:postmeta>"
                if n % 100 == 0 else ""
            )
            out.write(
                f"<item><title>{escape(f'Berita nomor {n}')}</title>"
                f"<link>https://bench.example/2023/11/berita-{n}/</link>"
                f"<dc:creator>penulis{n % 10}</dc:creator>"
                f"<content:encoded>{cdata(BODY.format(n=n))}</content:encoded>"
                f"<excerpt:encoded>{cdata(f'Ringkasan berita {n}.')}</excerpt:encoded>"
                f"<wp:post_id>{n}</wp:post_id>"
                f"<wp:post_date_gmt>2023-11-05 01:00:00</wp:post_date_gmt>"
                f"<wp:post_name>berita-{n}</wp:post_name><wp:status>publish</wp:status>"
                "<wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="rubrik{n % 20}">Rubrik</category>'
                f'<category domain="post_tag" nicename="tag{n % 50}">Tag {n % 50}</category>'
                f"{thumbnail}"
                + "".join(comment(n, k) for k in range(COMMENTS_PER_POST))
                + "</item>\n"
            )
        out.write("</channel>\n</rss>\n")


def main():
    from tests.builders import jpeg_bytes, make_index

    work = Path(tempfile.mkdtemp(prefix="newsplugin-bench-import-"))
    export = work / "export.xml"
    uploads = work / "uploads"
    (uploads / "2023" / "11").mkdir(parents=True)
    for p in range(1, PHOTOS + 1):
        (uploads / "2023" / "11" / f"foto{p}.jpg").write_bytes(jpeg_bytes(1200, 800))
    started = time.perf_counter()
    write_export(export)
    print(f"Export: {POSTS:,} posts, {POSTS * COMMENTS_PER_POST:,} comments, "
          f"{export.stat().st_size / 2**20:.0f} MB, written in "
          f"{time.perf_counter() - started:.0f} s", flush=True)

    setup_test_environment()
    settings.DEBUG = False
    settings.MEDIA_ROOT = str(work / "media")
    if connection.vendor == "sqlite":
        # A file, not memory: the database must not count in the importer's memory.
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(work / "bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from newsplugin.wordpress.importer import WordPressImport

        index = make_index()
        comment_seconds = [0.0]
        samples = []

        class Timed(WordPressImport):
            def _import_comments(self, item, article):
                start = time.perf_counter()
                try:
                    return super()._import_comments(item, article)
                finally:
                    comment_seconds[0] += time.perf_counter() - start

        def progress(done, total, comments):
            if done % max(total // 10, 1) == 0:
                samples.append((done, rss_mb()))
                print(f"  {done:,}/{total:,} posts, RSS {samples[-1][1]:.0f} MB", flush=True)

        baseline = rss_mb()
        started = time.perf_counter()
        summary = Timed(str(export), str(uploads), index, progress=progress).run()
        elapsed = time.perf_counter() - started
        created = summary.counts[("comments", "created")]
        posts = summary.counts[("articles", "created")]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"Database: {connection.vendor}")
        print(f"Imported {posts:,} articles and {created:,} comments in {elapsed:.0f} s "
              f"({posts / elapsed:.0f} posts/s overall)")
        print(f"Comments: {created / comment_seconds[0]:,.0f} comments/s "
              f"({comment_seconds[0]:.1f} s spent on comments)")
        print(f"Memory: RSS {baseline:.0f} MB before the import, peak {peak:.0f} MB; along the "
              "way " + ", ".join(f"{mb:.0f}" for _, mb in samples) + " MB")
        print(f"Skipped: {dict(summary.skipped)}; warnings: {len(summary.warnings)}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
