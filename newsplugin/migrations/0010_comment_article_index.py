"""An index for an article's comments in date order, on django-comments' own table.

The comment section pages through an article's threads oldest first. With only
django-comments' separate indexes, PostgreSQL read the date index from the
start and filtered every comment of every article (140 ms with a million
comments, make bench-scale); with this one it reads that article's comments in
order (2 ms). Built CONCURRENTLY on PostgreSQL, so a live site keeps taking
comments while it builds.
"""

from django.db import migrations

NAME = "newsplugin_comment_article_date"
COLUMNS = "(content_type_id, object_pk, submit_date)"


def create(apps, schema_editor):
    table = schema_editor.quote_name(apps.get_model("django_comments", "Comment")._meta.db_table)
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"CREATE INDEX {concurrently}IF NOT EXISTS {NAME} ON {table} {COLUMNS}")


def drop(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {NAME}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("django_comments", "0004_add_object_pk_is_removed_index"),
        ("newsplugin", "0009_article_other_sections"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
