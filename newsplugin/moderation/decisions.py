"""The moderation queue's decisions: approve, reject, mark as spam, restore, reply.

Each decision works on any number of comments in a fixed number of queries
(so a bulk action on 1,000 rows costs what one costs), records one entry per
comment in Wagtail's log (who, when, what, from which state), purges the pages
that show the comments, and queues the notifications it causes.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_comments.models import Comment
from wagtail.models import ModelLogEntry

from ..cache.purge import purge_article
from ..comments.notifications import replies_approved
from ..conf import conf
from ..models import ArticleComment, ArticlePage, ModerationStatus, NewsSettings
from ..numbers import whole_number


@dataclass(frozen=True)
class QueueAction:
    name: str
    status: str
    label: object
    log_action: str
    log_message: object


ACTIONS = {
    action.name: action
    for action in (
        QueueAction(
            "approve", ModerationStatus.APPROVED, _("Approve"),
            "newsplugin.comment.approve", _("Comment approved"),
        ),
        QueueAction(
            "reject", ModerationStatus.REJECTED, _("Reject"),
            "newsplugin.comment.reject", _("Comment rejected"),
        ),
        QueueAction(
            "spam", ModerationStatus.SPAM, _("Mark as spam"),
            "newsplugin.comment.spam", _("Comment marked as spam"),
        ),
        QueueAction(
            "restore", ModerationStatus.PENDING, _("Restore to pending"),
            "newsplugin.comment.restore", _("Comment restored to pending"),
        ),
    )
}
REPLY_LOG_ACTION = ("newsplugin.comment.reply", _("Newsroom reply published"))
PURGE_LOG_ACTION = ("newsplugin.comment.purge", _("Rejected comment purged"))


def log_actions():
    """(action, label, message) for Wagtail's log registry (see wagtail_hooks)."""
    entries = [(a.log_action, a.label, a.log_message) for a in ACTIONS.values()]
    entries += [(REPLY_LOG_ACTION[0], _("Reply"), REPLY_LOG_ACTION[1])]
    entries += [(PURGE_LOG_ACTION[0], _("Purge"), PURGE_LOG_ACTION[1])]
    return entries


def _log(comments, action, user, previous, **data):
    """One log entry per comment in one query, sharing a uuid like Wagtail's own bulk actions."""
    content_type = ContentType.objects.get_for_model(ArticleComment)
    now = timezone.now()
    shared = uuid.uuid4()
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=content_type,
            object_id=str(comment["pk"]),
            label=f"{comment['user_name']}: {comment['comment'][:50]}",
            action=action,
            timestamp=now,
            uuid=shared,
            user=user,
            data={"from": previous.get(comment["pk"], ""), **data},
        )
        for comment in comments
    )


def _purge(article_ids):
    for article in ArticlePage.objects.filter(pk__in=article_ids):
        purge_article(article)


def decide(comment_ids, action_name, user):
    """Apply ``action_name`` to the comments with these ids; returns how many changed.

    Comments already in the target state are left alone (and not logged again).
    """
    action = ACTIONS[action_name]
    # Locked until the end: two moderators acting on the same comment at once take
    # turns, and the second logs the state the first left (not a stale one).
    with transaction.atomic():
        rows = list(
            ArticleComment.objects.select_for_update()
            .filter(pk__in=list(comment_ids))
            .exclude(moderation_status=action.status)
            .values("pk", "moderation_status", "object_pk", "user_name", "comment", "parent_id")
        )
        if not rows:
            return 0
        ids = [row["pk"] for row in rows]
        previous = {row["pk"]: row["moderation_status"] for row in rows}
        approved_before = set()
        if action.status == ModerationStatus.APPROVED:
            # A reply approved, restored and approved again must not e-mail twice.
            approved_before = {
                int(pk)
                for pk in ModelLogEntry.objects.filter(
                    action=action.log_action, object_id__in=[str(pk) for pk in ids]
                ).values_list("object_id", flat=True)
            }
        ArticleComment.objects.filter(pk__in=ids).update(
            moderation_status=action.status, moderated_at=timezone.now()
        )
        # is_public lives on django-contrib-comments' table: threads and counts read it.
        Comment.objects.filter(pk__in=ids).update(
            is_public=action.status == ModerationStatus.APPROVED
        )
        _log(rows, action.log_action, user, previous, to=action.status)
    article_ids = {whole_number(row["object_pk"]) for row in rows} - {None}
    transaction.on_commit(lambda: _purge(article_ids))
    if action.status == ModerationStatus.APPROVED:
        replies_approved([row for row in rows if row["pk"] not in approved_before])
    return len(rows)


def reply_as_newsroom(parent, user, text):
    """Publish the newsroom's reply under ``parent`` at once."""
    article = parent.get_article()
    site = article.get_site() if article else None
    newsroom = NewsSettings.for_site(site).get_publisher_name() if site else ""
    reply = ArticleComment(
        content_type=parent.content_type,
        object_pk=parent.object_pk,
        site_id=parent.site_id,
        user=user,
        user_name=(newsroom or user.get_full_name() or user.get_username())[:50],
        user_email=user.email or "",
        comment=text,
        parent_id=parent.pk,
        is_public=True,
        moderation_status=ModerationStatus.APPROVED,
        moderation_rule="newsroom",
        moderated_at=timezone.now(),
        by_newsroom=True,
    )
    with transaction.atomic():
        reply.save()
        _log(
            [{"pk": reply.pk, "user_name": reply.user_name, "comment": reply.comment}],
            REPLY_LOG_ACTION[0], user, {}, to=ModerationStatus.APPROVED, parent=parent.pk,
        )
    if article is not None:
        transaction.on_commit(lambda: purge_article(article))
    replies_approved([{"pk": reply.pk, "parent_id": parent.pk}])
    return reply


def purge_rejected(days=None, now=None):
    """Delete comments rejected more than ``days`` ago; returns how many went."""
    days = conf.REJECTED_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    expired = ArticleComment.objects.with_status(ModerationStatus.REJECTED).filter(
        moderated_at__lt=cutoff
    )
    rows = list(expired.values("pk", "user_name", "comment"))
    with transaction.atomic():
        previous = dict.fromkeys((row["pk"] for row in rows), ModerationStatus.REJECTED)
        _log(rows, PURGE_LOG_ACTION[0], None, previous, retention_days=days)
        # Through the base table: deleting it cascades to xtd's and this plugin's rows.
        Comment.objects.filter(pk__in=[row["pk"] for row in rows]).delete()
    return len(rows)


class QueueCount(int):
    """A number of comments, or "at least this many" when counting passed the limit."""

    def __new__(cls, value, limit):
        count = super().__new__(cls, min(value, limit))
        count.at_least = value > limit
        return count

    def __str__(self):
        return f"{int(self)}+" if self.at_least else str(int(self))


def bounded_count(queryset):
    """``queryset.count()``, reading at most ``QUEUE_COUNT_LIMIT + 1`` rows.

    Above the limit a tab or the menu says "1000+": an exact count of a million
    comments reads every entry of the status index on every admin page (about
    100 ms here), a bounded one at most the limit, whatever the table holds.
    """
    limit = conf.QUEUE_COUNT_LIMIT
    return QueueCount(queryset.order_by()[: limit + 1].count(), limit)


def status_counts():
    """{status: QueueCount} for the queue's tabs, each read from the status index."""
    return {
        status: bounded_count(ArticleComment.objects.with_status(status))
        for status in ModerationStatus.values
    }
