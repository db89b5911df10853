# Authors become translatable (Wagtail's TranslatableMixin), bootstrapped as
# Wagtail documents: the locale and translation key are added empty, every
# existing author gets the default locale and a key of its own, then both
# become required and unique together.

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def bootstrap_authors(apps, schema_editor):
    Author = apps.get_model("newsplugin", "Author")
    Locale = apps.get_model("wagtailcore", "Locale")
    from wagtail.coreutils import get_supported_content_language_variant

    authors = list(Author.objects.filter(translation_key__isnull=True))
    if authors:
        try:
            code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        except LookupError:
            code = settings.LANGUAGE_CODE
        # Wagtail's own migrations made one locale; a site that changed LANGUAGE_CODE
        # since then keeps its authors in the locale its pages have.
        locale = Locale.objects.filter(language_code=code).first() or Locale.objects.order_by("pk").first()
        for author in authors:
            author.translation_key = uuid.uuid4()
            author.locale = locale
        Author.objects.bulk_update(authors, ["translation_key", "locale"])
    if schema_editor.connection.vendor == "postgresql":
        # Check the new foreign keys now: PostgreSQL refuses to alter a table with
        # deferred checks pending in the same transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('newsplugin', '0012_wordpress_import'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='author',
            name='translation_key',
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='author',
            name='locale',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale'),
        ),
        migrations.RunPython(bootstrap_authors, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='author',
            name='translation_key',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name='author',
            name='locale',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale'),
        ),
        migrations.AlterField(
            model_name='author',
            name='slug',
            field=models.SlugField(help_text="Used in the address of the author's archive page.", max_length=255, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='author',
            name='user',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='newsplugin_authors', to=settings.AUTH_USER_MODEL, verbose_name='Wagtail user'),
        ),
        migrations.AlterUniqueTogether(
            name='author',
            unique_together={('translation_key', 'locale')},
        ),
        migrations.AddConstraint(
            model_name='author',
            constraint=models.UniqueConstraint(fields=('slug', 'locale'), name='newsplugin_author_slug'),
        ),
        migrations.AddConstraint(
            model_name='author',
            constraint=models.UniqueConstraint(condition=models.Q(('user__isnull', False)), fields=('user', 'locale'), name='newsplugin_author_user'),
        ),
    ]
