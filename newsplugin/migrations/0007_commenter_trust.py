"""Keys for matching commenters: a normalised, indexed email and a keyed hash of the
full IP address (on the plugin's own table). Existing comments get their email
key; their full address was never stored, so their address key stays empty."""

from django.db import migrations, models

BATCH = 1000


def fill_email_keys(apps, schema_editor):
    ArticleComment = apps.get_model("newsplugin", "ArticleComment")
    rows = ArticleComment.objects.exclude(user_email="").values_list("pk", "user_email")
    batch = []
    for pk, email in rows.iterator(chunk_size=BATCH):
        batch.append(ArticleComment(pk=pk, email_key=email.strip().lower()))
        if len(batch) == BATCH:
            ArticleComment.objects.bulk_update(batch, ["email_key"])
            batch = []
    if batch:
        ArticleComment.objects.bulk_update(batch, ["email_key"])


class Migration(migrations.Migration):

    dependencies = [
        ("newsplugin", "0006_commenter_data_permission"),
    ]

    operations = [
        migrations.AddField(
            model_name="articlecomment",
            name="email_key",
            field=models.CharField(blank=True, db_default="", default="", editable=False, max_length=254, verbose_name="email, normalised"),
        ),
        migrations.AddField(
            model_name="articlecomment",
            name="address_key",
            field=models.CharField(blank=True, db_default="", default="", editable=False, max_length=64, verbose_name="keyed hash of the full IP address"),
        ),
        migrations.AddIndex(
            model_name="articlecomment",
            index=models.Index(fields=["email_key"], name="newsplugin_comment_email"),
        ),
        migrations.AddIndex(
            model_name="articlecomment",
            index=models.Index(fields=["address_key"], name="newsplugin_comment_address"),
        ),
        migrations.RunPython(fill_email_keys, migrations.RunPython.noop),
    ]
