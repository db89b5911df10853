"""Remove emails and IP addresses from old comments; the comments themselves stay."""

from django.core.management.base import BaseCommand

from newsplugin.conf import conf
from newsplugin.privacy import forget_old_commenters


class Command(BaseCommand):
    help = (
        "Remove the email and IP address of every comment older than "
        "NEWSPLUGIN_COMMENT_PERSONAL_DATA_DAYS (or --days). Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, days=None, **options):
        days = conf.COMMENT_PERSONAL_DATA_DAYS if days is None else days
        if days is None:
            self.stdout.write("Retention is off (NEWSPLUGIN_COMMENT_PERSONAL_DATA_DAYS is None).")
            return
        changed = forget_old_commenters(days)
        self.stdout.write(f"Removed emails and IP addresses from {changed} comment(s) "
                          f"older than {days} days.")
