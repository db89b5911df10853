"""Create the PostgreSQL database named in DATABASE_URL when it does not exist yet."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Create the PostgreSQL database of the default connection if it is missing."
    requires_system_checks = []

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
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]
            ).fetchone()
            if exists:
                self.stdout.write(f"Database {settings['NAME']} exists.")
                return
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings["NAME"])))
            self.stdout.write(f"Created database {settings['NAME']}.")
