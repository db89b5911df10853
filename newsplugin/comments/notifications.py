"""E-mails about comments, sent through Django's tasks framework.

A waiting comment tells the moderators; an approved reply tells the reader who
asked to hear of replies, once, with a one-click unsubscribe link (a signed,
expiring token: no pickles). With a queue-backed task backend (``TASKS``) a slow
mail server never slows a reader's post; the default backend sends at once.

A mail server that refuses or times out is tried again later, with a backoff
(``NEWSPLUGIN_NOTIFICATION_RETRY_SECONDS``, doubled each time) and at most
``NEWSPLUGIN_NOTIFICATION_ATTEMPTS`` tries, when the backend can run a task
later (``supports_defer``: django-tasks-db can, the immediate backend cannot).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

try:  # Django 6.0+
    from django.tasks import task
except ImportError:  # Django 5.2: the django-tasks backport
    from django_tasks import task

from ..conf import conf
from ..languages import language_of
from ..models import ArticleComment, ArticlePage, ModerationStatus
from ..numbers import whole_number
from .rules import rule_label

UNSUBSCRIBE_SALT = "newsplugin.unsubscribe-replies"
UNSUBSCRIBE_DECISION_SALT = "newsplugin.unsubscribe-decision"

logger = logging.getLogger(__name__)


def unsubscribe_token(comment, salt=UNSUBSCRIBE_SALT):
    return signing.TimestampSigner(salt=salt).sign(str(comment.pk))


def comment_for_token(token, salt=UNSUBSCRIBE_SALT):
    """The comment an unsubscribe token names, or None when it is forged or expired."""
    try:
        pk = signing.TimestampSigner(salt=salt).unsign(
            token, max_age=conf.UNSUBSCRIBE_MAX_AGE
        )
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    pk = whole_number(pk)
    return ArticleComment.objects.filter(pk=pk).first() if pk is not None else None


def article_language(article):
    """The language of ``article``'s locale where pages have one, else the site's."""
    locale = getattr(article, "locale", None) if article is not None else None
    return getattr(locale, "language_code", None) or settings.LANGUAGE_CODE


def unsubscribe_headers(url):
    """RFC 2369 and RFC 8058 headers: mail clients offer a one-click unsubscribe."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _send(template, context, recipients, headers=None, language=None):
    """Render and send one e-mail, in ``language`` (else the site's)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"newsplugin/email/{template}_subject.txt", context)
        body = render_to_string(f"newsplugin/email/{template}.txt", context)
    message = EmailMessage(
        " ".join(subject.split()), body, to=recipients, headers=headers or {}
    )
    message.send()


def queued(task):
    """``task`` on the backend notifications go to (``NEWSPLUGIN_NOTIFICATION_TASK_BACKEND``)."""
    alias = conf.NOTIFICATION_TASK_BACKEND
    return task if task.backend == alias else task.using(backend=alias)


def _send_or_retry(task, object_id, attempt, send):
    """Run ``send()``; when the mail server fails, queue ``task`` again, later, a few times.

    Returns whether the mail went. The last failure is raised, so the task's result
    says it failed.
    """
    try:
        send()
    except OSError as error:  # refused, timed out, or an SMTP error (all OSErrors)
        task = queued(task)
        backend = task.get_backend()
        if attempt >= conf.NOTIFICATION_ATTEMPTS or not backend.supports_defer:
            logger.error(
                "Could not send %s for comment %s (try %s of %s): %s",
                task.name, object_id, attempt, conf.NOTIFICATION_ATTEMPTS, error,
            )
            raise
        delay = conf.NOTIFICATION_RETRY_SECONDS * 2 ** (attempt - 1)
        task.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
            object_id, attempt=attempt + 1
        )
        logger.warning(
            "Could not send %s for comment %s (try %s of %s): %s; trying again in %s s",
            task.name, object_id, attempt, conf.NOTIFICATION_ATTEMPTS, error, delay,
        )
        return False
    return True


def moderator_addresses(article=None):
    if conf.MODERATION_NOTIFY is not None:
        addresses = list(conf.MODERATION_NOTIFY)
    else:
        addresses = list(
            get_user_model()
            .objects.filter(is_active=True, groups__name=conf.MODERATOR_GROUP)
            .exclude(email="")
            .values_list("email", flat=True)
            .distinct()
        )
    if conf.MODERATION_NOTIFY_AUTHORS and article is not None:
        addresses += [
            author.user.email
            for author in article.get_authors()
            if author.user_id and author.user.email
        ]
    return sorted(set(addresses))


def _admin_url(path):
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/") + path


@task()
def notify_moderators(comment_id, attempt=1):
    """Tell the moderators that a comment waits in the queue."""
    comment = ArticleComment.objects.filter(
        pk=comment_id, moderation_status=ModerationStatus.PENDING
    ).first()
    if comment is None:
        return 0
    article = comment.get_article()
    recipients = moderator_addresses(article)
    if not recipients:
        return 0
    context = {
        "comment": comment,
        "article": article,
        "rule": rule_label(comment.moderation_rule),
        "queue_url": _admin_url(reverse("newsplugin_comments:index")),
    }
    sent = _send_or_retry(
        notify_moderators,
        comment_id,
        attempt,
        lambda: _send("comment_waiting", context, recipients),
    )
    return len(recipients) if sent else 0


@task()
def notify_reply(reply_id, attempt=1):
    """Tell the author of the comment answered by ``reply_id`` that the reply is public."""
    reply = ArticleComment.objects.filter(
        pk=reply_id, moderation_status=ModerationStatus.APPROVED
    ).first()
    if reply is None:
        return 0
    parent = ArticleComment.objects.filter(pk=reply.parent_id, notify_replies=True).first()
    if parent is None or not parent.user_email or parent.user_email == reply.user_email:
        return 0
    article = ArticlePage.objects.filter(pk=reply.object_pk).first()
    if article is None:
        return 0
    unsubscribe_url = article.get_site().root_url + reverse(
        "newsplugin:unsubscribe_replies", args=[unsubscribe_token(parent)]
    )
    context = {
        "parent": parent,
        "reply": reply,
        "article": article,
        "article_url": f"{article.full_url}#comment-{reply.pk}",
        "unsubscribe_url": unsubscribe_url,
    }
    headers = unsubscribe_headers(unsubscribe_url)
    sent = _send_or_retry(
        notify_reply,
        reply_id,
        attempt,
        # In the language of the article they commented on, not the newsroom's.
        lambda: _send(
            "reply_approved",
            context,
            [parent.user_email],
            headers=headers,
            language=language_of(article),
        ),
    )
    return 1 if sent else 0


def comment_posted(comment):
    """A reader's comment was stored: the moderators hear of it when it waits."""
    if comment.moderation_status == ModerationStatus.PENDING:
        transaction.on_commit(lambda: queued(notify_moderators).enqueue(comment.pk))


def replies_approved(rows):
    """Comments just approved for the first time: tell the authors of those they answer.

    ``rows`` are dicts with ``pk`` and ``parent_id`` (xtd gives a top-level
    comment its own id as parent). Costs one query whatever the number.
    """
    reply_ids = [
        row["pk"] for row in rows if row.get("parent_id") and row["parent_id"] != row["pk"]
    ]
    if not reply_ids:
        return
    parents_to_tell = set(
        ArticleComment.objects.filter(
            pk__in={row["parent_id"] for row in rows if row["pk"] in reply_ids},
            notify_replies=True,
        ).values_list("pk", flat=True)
    )
    wanted = [row["pk"] for row in rows if row["pk"] in reply_ids
              and row["parent_id"] in parents_to_tell]

    def enqueue():
        for pk in wanted:
            queued(notify_reply).enqueue(pk)

    if wanted:
        transaction.on_commit(enqueue)


@task()
def notify_decision(comment_id, attempt=1):
    """Tell a commenter who asked what became of their comment, once, in the article's language."""
    comment = ArticleComment.objects.filter(
        pk=comment_id,
        notify_decision=True,
        decision_notified_at__isnull=True,
        moderation_status__in=[ModerationStatus.APPROVED, ModerationStatus.REJECTED],
    ).first()
    if comment is None or not comment.user_email:
        return 0
    article = ArticlePage.objects.filter(pk=whole_number(comment.object_pk)).first()
    if article is None:
        return 0
    site = article.get_site()
    unsubscribe_url = (site.root_url if site else "") + reverse(
        "newsplugin:unsubscribe_decision",
        args=[unsubscribe_token(comment, UNSUBSCRIBE_DECISION_SALT)],
    )
    context = {
        "comment": comment,
        "article": article,
        "approved": comment.moderation_status == ModerationStatus.APPROVED,
        "article_url": f"{article.full_url}#comment-{comment.pk}",
        "unsubscribe_url": unsubscribe_url,
    }
    headers = unsubscribe_headers(unsubscribe_url)
    sent = _send_or_retry(
        notify_decision,
        comment_id,
        attempt,
        lambda: _send(
            "comment_decided", context, [comment.user_email], headers=headers,
            language=article_language(article),
        ),
    )
    if sent:
        # Once: a comment approved, restored and rejected tells its author only the first.
        ArticleComment.objects.filter(pk=comment.pk).update(decision_notified_at=timezone.now())
    return 1 if sent else 0


def decisions_made(comment_ids):
    """Comments just approved or rejected: tell the authors who asked (one query)."""
    wanted = list(
        ArticleComment.objects.filter(
            pk__in=list(comment_ids), notify_decision=True, decision_notified_at__isnull=True
        ).values_list("pk", flat=True)
    )

    def enqueue():
        for pk in wanted:
            queued(notify_decision).enqueue(pk)

    if wanted:
        transaction.on_commit(enqueue)
