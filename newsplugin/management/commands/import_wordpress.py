"""``manage.py import_wordpress EXPORT.xml --uploads DIR --into PATH_OR_ID``."""

import sys

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page, Site

from ...models import NewsIndexPage
from ...wordpress.importer import WordPressImport
from ...wordpress.wxr import ExportError

INCLUDES = ("drafts", "private", "pages")
SHOWN_WARNINGS = 30


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools › Export › All content) under a news index: "
        "authors, categories as sections, tags, published posts with their photos, "
        "comments with their moderation state, and redirects from the old addresses. "
        "Running it again creates nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="the WXR file WordPress exported")
        parser.add_argument(
            "--uploads", help="the folder that held wp-content/uploads (images come only "
            "from there, never from the network)",
        )
        parser.add_argument(
            "--into", required=True,
            help="the news index to import under: its page id or its path (/berita/)",
        )
        parser.add_argument("--dry-run", action="store_true",
                            help="report what would be imported and change nothing")
        parser.add_argument("--limit", type=int, help="import at most this many posts")
        parser.add_argument(
            "--include", action="append", choices=INCLUDES, default=[],
            help="also import drafts, private posts (both as unpublished articles) or pages",
        )

    def handle(self, *args, export, uploads, into, dry_run, limit, include, **options):
        if limit is not None and limit < 0:
            raise CommandError("--limit must be 0 or more")
        index = self._news_index(into)
        progress = self._progress_bar() if sys.stderr.isatty() and options["verbosity"] else None
        run = WordPressImport(
            export, uploads, index, dry_run=dry_run, limit=limit, include=include,
            progress=progress,
        )
        try:
            summary = run.run()
        except ExportError as error:
            raise CommandError(f"{export}: {error}")
        except OSError as error:
            raise CommandError(f"{export}: {error.strerror or error}")
        finally:
            if progress:
                sys.stderr.write("\n")
        self._report(summary, dry_run, options["verbosity"])

    def _news_index(self, value):
        value = (value or "").strip()
        page = None
        if value.isdigit():
            page = Page.objects.filter(pk=int(value)).first()
        else:
            path = "/" + value.strip("/") + "/" if value.strip("/") else "/"
            for site in Site.objects.select_related("root_page"):
                candidate = Page.objects.filter(
                    url_path=site.root_page.url_path + path.lstrip("/")
                ).first()
                if candidate is not None:
                    page = candidate
                    break
            page = page or Page.objects.filter(url_path=path).first()
        if page is None:
            raise CommandError(f"--into {value}: no page has this id or path")
        page = page.specific
        if not isinstance(page, NewsIndexPage):
            raise CommandError(f"--into {value}: “{page.title}” is not a news index")
        if page.get_site() is None:
            raise CommandError(f"--into {value}: “{page.title}” is not under any site")
        return page

    def _progress_bar(self):
        def show(done, total, comments):
            width = 30
            filled = int(width * done / total) if total else width
            sys.stderr.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} posts, "
                f"{comments} comments"
            )
            sys.stderr.flush()

        return show

    def _report(self, summary, dry_run, verbosity):
        write = self.stdout.write
        if dry_run:
            write("Dry run: nothing was saved. This is what the import would do.")
        header = ("", "created", "updated", "unchanged", "skipped")
        rows = [header, *[(k, *map(str, v)) for k, *v in summary.rows()]]
        widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
        for row in rows:
            write("  ".join(
                str(cell).ljust(widths[i]) if i == 0 else str(cell).rjust(widths[i])
                for i, cell in enumerate(row)
            ))
        flattened = summary.counts[("comments", "flattened")]
        if flattened:
            write(f"{flattened} replies nested deeper than the site allows were attached "
                  "to their deepest allowed ancestor.")
        if summary.skipped:
            write("Skipped:")
            for (kind, reason), n in sorted(summary.skipped.items()):
                write(f"  {kind}: {reason}: {n}")
        if summary.warnings:
            write(f"Warnings ({len(summary.warnings)}):")
            shown = summary.warnings if verbosity > 1 else summary.warnings[:SHOWN_WARNINGS]
            for warning in shown:
                write(f"  {warning}")
            if len(shown) < len(summary.warnings):
                write(f"  … and {len(summary.warnings) - len(shown)} more (-v 2 shows all)")
