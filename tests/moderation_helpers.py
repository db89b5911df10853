"""Users for the moderation tests: a comment moderator, an editor and a superuser."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

QUEUE_URL = "/admin/comment-moderation/"
ACT_URL = QUEUE_URL + "act/"


def make_user(username, *groups, superuser=False):
    user_model = get_user_model()
    if superuser:
        return user_model.objects.create_superuser(username, f"{username}@example.org", "pw")
    user = user_model.objects.create_user(username, f"{username}@example.org", "pw")
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def make_moderator(username="moderator"):
    return make_user(username, "Comment moderators")


def make_editor(username="editor"):
    return make_user(username, "Editors")


def status_of(comment):
    """A comment's moderation status as stored now."""
    comment.refresh_from_db()
    return comment.moderation_status
