"""Let Wagtail's default Editors group manage authors: they write the bylines."""

from django.db import migrations

PERMISSIONS = ["add_author", "change_author", "delete_author", "view_author"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    author_type, _ = ContentType.objects.get_or_create(app_label="newsplugin", model="author")
    for codename in PERMISSIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=author_type,
            codename=codename,
            defaults={"name": f"Can {codename.replace('_', ' ')}"},
        )
        editors.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="newsplugin", codename__in=PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("newsplugin", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
