from django.core.management.base import BaseCommand

from newsplugin.conf import conf
from newsplugin.moderation.decisions import purge_rejected


class Command(BaseCommand):
    help = (
        "Delete comments rejected more than NEWSPLUGIN_REJECTED_RETENTION_DAYS days ago "
        "(until then a moderator can restore them). Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None,
            help=f"Keep rejected comments this many days (default {conf.REJECTED_RETENTION_DAYS}).",
        )

    def handle(self, *args, days=None, **options):
        count = purge_rejected(days)
        self.stdout.write(f"Purged {count} rejected comment(s).")
