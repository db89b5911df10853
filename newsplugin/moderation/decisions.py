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
from ..comments.notifications import decisions_made, replies_approved
from ..conf import conf
from ..models import (
    ArticleComment,
    ArticlePage,
    CommentReport,
    ModerationStatus,
    NewsSettings,
)
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
UNDO_LOG_ACTION = ("newsplugin.comment.undo", _("Decision undone"))
FEATURE_LOG_ACTION = ("newsplugin.comment.feature", _("Comment made an editor's pick"))
UNFEATURE_LOG_ACTION = ("newsplugin.comment.unfeature", _("Editor's pick withdrawn"))
REPORTED_LOG_ACTION = ("newsplugin.comment.reported", _("Comment held after reader reports"))
DISMISS_LOG_ACTION = ("newsplugin.comment.reports_dismissed", _("Reader reports dismissed"))
RULE_LOG_ACTION = ("newsplugin.commenter.rule", _("Commenter rule set"))
EXTRA_LOG_ACTIONS = [
    (UNDO_LOG_ACTION, _("Undo")),
    (FEATURE_LOG_ACTION, _("Editor's pick")),
    (UNFEATURE_LOG_ACTION, _("Withdraw pick")),
    (REPORTED_LOG_ACTION, _("Reported")),
    (DISMISS_LOG_ACTION, _("Dismiss reports")),
    (RULE_LOG_ACTION, _("Commenter rule")),
]


@dataclass(frozen=True)
class DecisionReceipt:
    """What a decision did: how many comments changed, and the log entries' shared uuid
    (what ``undo()`` is given)."""

    changed: int
    uuid: str = ""


def log_actions():
    """(action, label, message) for Wagtail's log registry (see wagtail_hooks)."""
    entries = [(a.log_action, a.label, a.log_message) for a in ACTIONS.values()]
    entries += [(REPLY_LOG_ACTION[0], _("Reply"), REPLY_LOG_ACTION[1])]
    entries += [(PURGE_LOG_ACTION[0], _("Purge"), PURGE_LOG_ACTION[1])]
    entries += [(action, label, message) for (action, message), label in EXTRA_LOG_ACTIONS]
    return entries


def _log(comments, action, user, previous, **data):
    """One log entry per comment in one query, sharing a uuid like Wagtail's own bulk actions.

    Returns that uuid.
    """
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
    return shared


def _purge(article_ids):
    for article in ArticlePage.objects.filter(pk__in=article_ids):
        purge_article(article)


def decide(comment_ids, action_name, user, scope=None, reason=""):
    """Apply ``action_name`` to the comments with these ids; returns how many changed.

    See ``apply_decision`` for ``scope`` and ``reason``.
    """
    return apply_decision(comment_ids, action_name, user, scope=scope, reason=reason).changed


def apply_decision(comment_ids, action_name, user, scope=None, reason=""):
    """Apply ``action_name`` to the comments with these ids; returns a ``DecisionReceipt``.

    Comments already in the target state are left alone (and not logged again).
    ``scope`` is the queryset of comments this moderator may decide (see
    ``newsplugin.moderation.scopes``); ids outside it are ignored. ``reason`` is
    what a commenter who asked to hear of the decision is told. The readers'
    open reports on these comments are resolved: a moderator has looked.
    """
    action = ACTIONS[action_name]
    queryset = ArticleComment.objects.all() if scope is None else scope
    # Locked until the end: two moderators acting on the same comment at once take
    # turns, and the second logs the state the first left (not a stale one).
    with transaction.atomic():
        wanted = list(queryset.filter(pk__in=list(comment_ids)).values_list("pk", flat=True))
        _dismiss_reports(wanted, user)
        rows = list(
            ArticleComment.objects.select_for_update()
            .filter(pk__in=wanted)
            .exclude(moderation_status=action.status)
            .values("pk", "moderation_status", "object_pk", "user_name", "comment", "parent_id")
        )
        if not rows:
            return DecisionReceipt(0)
        shared = _set_status(rows, action, user, reason=reason)
    return DecisionReceipt(len(rows), str(shared))


def _set_status(rows, action, user, log_action=None, reason="", **data):
    """Move ``rows`` (locked, with their previous status) to ``action.status``; logged."""
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
    changes = {"moderation_status": action.status, "moderated_at": timezone.now()}
    if action.status in (ModerationStatus.APPROVED, ModerationStatus.REJECTED):
        changes["decision_reason"] = reason[:200]
    if action.status != ModerationStatus.APPROVED:
        changes["featured"] = False  # a pick that is no longer public is no pick
        _unfeature_replies(ids)
    ArticleComment.objects.filter(pk__in=ids).update(**changes)
    # is_public lives on django-contrib-comments' table: threads and counts read it.
    Comment.objects.filter(pk__in=ids).update(
        is_public=action.status == ModerationStatus.APPROVED
    )
    if reason:
        data["reason"] = reason[:200]
    shared = _log(rows, log_action or action.log_action, user, previous,
                  to=action.status, **data)
    article_ids = {whole_number(row["object_pk"]) for row in rows} - {None}
    transaction.on_commit(lambda: _purge(article_ids))
    if action.status == ModerationStatus.APPROVED:
        replies_approved([row for row in rows if row["pk"] not in approved_before])
    if action.status in (ModerationStatus.APPROVED, ModerationStatus.REJECTED):
        decisions_made(ids)
    return shared


def _unfeature_replies(ids):
    """Replies under comments leaving Approved are hidden with them: no longer picks."""
    threads = ArticleComment.objects.filter(
        thread_id__in=ArticleComment.objects.filter(pk__in=ids).values("thread_id")
    )
    if not threads.filter(featured=True).exclude(pk__in=ids).exists():
        return
    hidden = set(ids)
    parents = dict(threads.values_list("pk", "parent_id"))
    for _depth in range(conf.COMMENT_MAX_DEPTH):
        hidden |= {pk for pk, parent in parents.items() if parent in hidden and parent != pk}
    ArticleComment.objects.filter(pk__in=hidden - set(ids), featured=True).update(featured=False)


def _dismiss_reports(ids, user):
    open_reports = CommentReport.objects.filter(comment_id__in=ids, resolved_at__isnull=True)
    reported = list(
        ArticleComment.objects.filter(pk__in=open_reports.values("comment_id")).values(
            "pk", "user_name", "comment", "moderation_status"
        )
    )
    if not reported:
        return
    open_reports.update(resolved_at=timezone.now())
    previous = {row["pk"]: row["moderation_status"] for row in reported}
    _log(reported, DISMISS_LOG_ACTION[0], user, previous)


def undo(decision_uuid, user, scope=None):
    """Put back the states a decision (its log entries' uuid) changed; returns a receipt.

    A comment that someone moved again since is left where it is. Logged as an
    undo, so the history shows both the decision and its reversal.
    """
    entries = ModelLogEntry.objects.filter(
        uuid=decision_uuid, action__in=[a.log_action for a in ACTIONS.values()]
    ).values_list("object_id", "data")
    restore = {}
    for object_id, data in entries:
        pk = whole_number(object_id)
        if pk is not None and data.get("from") in ModerationStatus.values:
            restore[pk] = (data["from"], data.get("to"))
    if not restore:
        return DecisionReceipt(0)
    queryset = ArticleComment.objects.all() if scope is None else scope
    changed = 0
    shared = None
    with transaction.atomic():
        rows = list(
            queryset.select_for_update()
            .filter(pk__in=list(restore))
            .values("pk", "moderation_status", "object_pk", "user_name", "comment", "parent_id")
        )
        by_status = {}
        for row in rows:
            before, after = restore[row["pk"]]
            if row["moderation_status"] == after:
                by_status.setdefault(before, []).append(row)
        for status, group in by_status.items():
            action = next(a for a in ACTIONS.values() if a.status == status)
            shared = _set_status(group, action, user, log_action=UNDO_LOG_ACTION[0],
                                 undoes=str(decision_uuid))
            changed += len(group)
    return DecisionReceipt(changed, str(shared or ""))


def feature(comment, user, featured=True):
    """Make an approved comment an editor's pick, or withdraw it; returns whether it changed."""
    if featured and comment.moderation_status != ModerationStatus.APPROVED:
        return False
    if comment.featured == featured:
        return False
    with transaction.atomic():
        ArticleComment.objects.filter(pk=comment.pk).update(featured=featured)
        comment.featured = featured
        action = FEATURE_LOG_ACTION if featured else UNFEATURE_LOG_ACTION
        _log(
            [{"pk": comment.pk, "user_name": comment.user_name, "comment": comment.comment}],
            action[0], user, {comment.pk: comment.moderation_status},
        )
        article_id = whole_number(comment.object_pk)
        transaction.on_commit(lambda: _purge({article_id}))
    return True


def hold_reported(comment_id):
    """Send a public comment back to Pending after enough reader reports (logged, no user)."""
    with transaction.atomic():
        rows = list(
            ArticleComment.objects.select_for_update()
            .filter(pk=comment_id, moderation_status=ModerationStatus.APPROVED)
            .values("pk", "moderation_status", "object_pk", "user_name", "comment", "parent_id")
        )
        if not rows:
            return False
        ArticleComment.objects.filter(pk=comment_id).update(moderation_rule="reader_reports")
        _set_status(rows, ACTIONS["restore"], None, log_action=REPORTED_LOG_ACTION[0])
    return True


def log_commenter_rule(comment, rule, user):
    _log(
        [{"pk": comment.pk, "user_name": comment.user_name, "comment": comment.comment}],
        RULE_LOG_ACTION[0], user, {comment.pk: comment.moderation_status}, rule=rule,
    )


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


REPORTED = "reported"


def status_counts(scope=None):
    """{status: QueueCount} for the queue's tabs, each read from the status index, and
    ``reported``: comments with open reader reports."""
    queryset = ArticleComment.objects.all() if scope is None else scope
    counts = {
        status: bounded_count(queryset.filter(moderation_status=status))
        for status in ModerationStatus.values
    }
    counts[REPORTED] = bounded_count(
        queryset.filter(reports__isnull=False, reports__resolved_at__isnull=True).distinct()
    )
    return counts
