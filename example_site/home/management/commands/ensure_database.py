"""Create the PostgreSQL database named in DATABASE_URL when it does not exist yet
(``--recreate``: drop it first, for throwaway databases such as the load test's)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Create the PostgreSQL database of the default connection if it is missing."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--recreate",
            action="store_true",
            help="Drop the database first (everything in it is lost).",
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("ensure_database only creates PostgreSQL databases.")
        import psycopg
        from psycopg import sql

        settings = connection.settings_dict
        params = {
            "dbname": "postgres",
            "user": settings["USER"] or None,
            "password": settings["PASSWORD"] or None,
            "host": settings["HOST"] or None,
            "port": settings["PORT"] or None,
        }
        with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
            if options["recreate"]:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(settings["NAME"])
                    )
                )
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]
            ).fetchone()
            if exists:
                self.stdout.write(f"Database {settings['NAME']} exists.")
                return
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings["NAME"])))
            self.stdout.write(f"Created database {settings['NAME']}.")
