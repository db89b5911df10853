"""Answer a reader's request about their comments: export, anonymise or erase them."""

import json

from django.core.management.base import BaseCommand, CommandError

from newsplugin import privacy


class Command(BaseCommand):
    help = (
        "For one email address: print every comment as JSON (export), remove who "
        "wrote them but keep the words (anonymise), or remove the words too (erase)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "anonymise", "erase"])
        parser.add_argument("email")

    def handle(self, action, email, **options):
        if not email.strip():
            raise CommandError("Give the commenter's email address.")
        if action == "export":
            self.stdout.write(json.dumps(privacy.export_commenter(email), indent=2,
                                         ensure_ascii=False))
            return
        changed = getattr(privacy, f"{action}_commenter")(email)
        self.stdout.write(f"{action}: {changed} comment(s) from {email}")
