"""Who sees the moderation queue, commenters' details and the pages."""

import pytest
from django.contrib.auth.models import Group, Permission

from newsplugin.models import ArticleComment

from .builders import make_comment
from .moderation_helpers import ACT_URL, QUEUE_URL, make_editor, make_moderator, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_migration_creates_comment_moderators_apart_from_page_moderators():
    group = Group.objects.get(name="Comment moderators")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"moderate_comment", "view_commenter_details", "access_admin"} <= codenames
    # Wagtail's page "Moderators" group gets no comment rights.
    page_moderators = Group.objects.get(name="Moderators")
    assert not page_moderators.permissions.filter(codename="moderate_comment").exists()
    assert not group.page_permissions.exists()


def test_editor_sees_no_queue_no_menu_item_and_gets_403(client, article):
    comment = make_comment(article, "Rahasia", approved=False, ip_address="10.0.0.1")
    client.force_login(make_editor())
    home = client.get("/admin/").content.decode()
    assert QUEUE_URL not in home and "waiting for moderation" not in home
    for url in (
        QUEUE_URL,
        QUEUE_URL + "results/",
        f"{QUEUE_URL}edit/{comment.pk}/",
        f"{QUEUE_URL}history/{comment.pk}/",
        f"{QUEUE_URL}reply/{comment.pk}/",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(ACT_URL, {"single": f"approve:{comment.pk}"}).status_code == 403
    assert ArticleComment.objects.get().moderation_status == "pending"


def test_anonymous_is_sent_to_log_in(client):
    assert client.get(QUEUE_URL).status_code == 302
    assert client.post(ACT_URL, {}).status_code in (302, 403)


def test_moderator_sees_the_queue_but_cannot_edit_pages(client, article):
    make_comment(article, "Menunggu", approved=False)
    client.force_login(make_moderator())
    assert client.get(QUEUE_URL).status_code == 200
    assert client.get(f"/admin/pages/{article.pk}/edit/").status_code in (302, 403)
    assert client.get(
        f"/admin/pages/add/newsplugin/articlepage/{article.get_parent().pk}/"
    ).status_code in (302, 403)
    # No adding or deleting comments through the viewset either.
    assert client.get(QUEUE_URL + "new/").status_code in (302, 403)


def test_commenter_details_need_their_own_permission(client, article):
    make_comment(
        article, "Menunggu", approved=False, ip_address="10.0.7.7", email="rahasia@example.com"
    )
    only_moderate = make_user("terbatas")
    only_moderate.user_permissions.add(
        Permission.objects.get(codename="moderate_comment"),
        Permission.objects.get(codename="access_admin"),
    )
    client.force_login(only_moderate)
    page = client.get(QUEUE_URL).content.decode()
    assert "Menunggu" in page
    assert "rahasia@example.com" not in page and "10.0.7.0" not in page
    # Nor can a search by email find it.
    assert "Menunggu" not in client.get(QUEUE_URL + "?q=rahasia@").content.decode()
    client.force_login(make_moderator("penuh"))
    page = client.get(QUEUE_URL).content.decode()
    assert "rahasia@example.com" in page and "10.0.7.0" in page
