"""The data-rights permission (export, anonymise, erase a commenter's comments),
given to the Comment moderators group that 0005 created."""

from django.db import migrations

GROUP = "Comment moderators"
CODENAME = "manage_commenter_data"


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    comment_type, _ = ContentType.objects.get_or_create(
        app_label="newsplugin", model="articlecomment"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=comment_type,
        codename=CODENAME,
        defaults={"name": "Can export and erase a commenter's data"},
    )
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *apps.get_model("auth", "Permission").objects.filter(codename=CODENAME)
        )


class Migration(migrations.Migration):

    dependencies = [
        ('newsplugin', '0005_comment_moderation'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='articlecomment',
            options={'permissions': [('moderate_comment', 'Can moderate reader comments'), ('view_commenter_details', "Can see commenters' email and IP addresses"), ('manage_commenter_data', "Can export and erase a commenter's data")], 'verbose_name': 'reader comment', 'verbose_name_plural': 'reader comments'},
        ),
        migrations.RunPython(grant, revoke),
    ]
