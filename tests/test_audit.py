"""Every moderation decision lands in Wagtail's log: who, when, what, from which state."""

import pytest
from wagtail.models import ModelLogEntry

from newsplugin.moderation.decisions import decide

from .builders import make_comment
from .moderation_helpers import ACT_URL, QUEUE_URL, make_moderator, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_each_action_is_logged_with_user_and_previous_state(client, article):
    moderator = make_moderator()
    client.force_login(moderator)
    comment = make_comment(article, "Catat saya", approved=False)
    client.post(ACT_URL, {"single": f"approve:{comment.pk}"})
    client.post(ACT_URL, {"single": f"reject:{comment.pk}"})
    client.post(ACT_URL, {"single": f"restore:{comment.pk}"})
    client.post(ACT_URL, {"single": f"spam:{comment.pk}"})
    entries = ModelLogEntry.objects.filter(object_id=str(comment.pk)).order_by("timestamp", "pk")
    assert [(e.action, e.data["from"], e.data["to"], e.user_id) for e in entries] == [
        ("newsplugin.comment.approve", "pending", "approved", moderator.pk),
        ("newsplugin.comment.reject", "approved", "rejected", moderator.pk),
        ("newsplugin.comment.restore", "rejected", "pending", moderator.pk),
        ("newsplugin.comment.spam", "pending", "spam", moderator.pk),
    ]
    assert all(entry.timestamp for entry in entries)


def test_a_bulk_action_logs_every_comment_once(article):
    comments = [make_comment(article, f"N{n}", approved=False) for n in range(3)]
    decide([c.pk for c in comments], "spam", None)
    decide([c.pk for c in comments], "spam", None)  # already spam: nothing new
    assert ModelLogEntry.objects.filter(action="newsplugin.comment.spam").count() == 3


def test_history_and_site_history_report_show_the_entries(client, article):
    moderator = make_moderator()
    comment = make_comment(article, "Catat saya", approved=False)
    decide([comment.pk], "approve", moderator)
    client.force_login(moderator)
    history = client.get(f"{QUEUE_URL}history/{comment.pk}/").content.decode()
    assert "Comment approved" in history
    client.force_login(make_user("boss", superuser=True))
    report = client.get("/admin/reports/site-history/").content.decode()
    assert "Comment approved" in report
