"""What the plugin keeps about a commenter, for how long, and how it is handed back or erased.

A comment stores the reader's name, email, optional website and IP address. The
email and IP address are seen only by moderators; the IP address is never
stored in full (``NEWSPLUGIN_COMMENT_IP_STORAGE``). ``forget_old_commenters()``
removes emails and IP addresses after ``NEWSPLUGIN_COMMENT_PERSONAL_DATA_DAYS``;
``export_commenter()``, ``anonymise_commenter()`` and ``erase_commenter()``
answer a reader's request about their own data. The management commands
``commenter_data`` and ``forget_old_commenters`` and the admin view call them.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from ..addresses import email_key
from ..conf import conf
from ..models import ArticleComment, CommenterRule


def _comments():
    return ArticleComment.objects.all()


def comments_of(email):
    """Every comment sent with ``email`` (compared without regard to case, by its index)."""
    key = email_key(email)
    if not key:
        return _comments().none()
    return _comments().filter(email_key=key)


def export_commenter(email):
    """All comments sent with ``email``, as a JSON-ready dict (what the person may ask for)."""
    rows = []
    for comment in comments_of(email).order_by("submit_date", "pk"):
        article = comment.content_object
        rows.append(
            {
                "id": comment.pk,
                "article": getattr(article, "title", None),
                "article_url": article.get_full_url() if article is not None else None,
                "submitted": comment.submit_date.isoformat(),
                "name": comment.user_name,
                "email": comment.user_email,
                "website": comment.user_url,
                "ip_address": comment.ip_address,
                "comment": comment.comment,
                "published": comment.is_public and not comment.is_removed,
                "reply_to": comment.parent_id if comment.parent_id != comment.pk else None,
            }
        )
    return {"email": (email or "").strip(), "exported": timezone.now().isoformat(),
            "comments": rows}


def anonymous_name():
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Anonymous reader")


def _forget_author(comment):
    comment.user_name = anonymous_name()
    comment.user_email = ""
    comment.user_url = ""
    comment.ip_address = None
    comment.user = None


def _forget_author_and_words(comment):
    _forget_author(comment)
    comment.comment = ""
    comment.is_removed = True
    comment.is_public = False


def _rewrite_comments_of(email, change):
    """Apply ``change`` to each of ``email``'s comments and save them."""
    with transaction.atomic():
        # A moderator's standing rule names the commenter too (their email key and name).
        CommenterRule.objects.filter(email_key=email_key(email)).exclude(email_key="").delete()
        comments = list(comments_of(email).select_for_update())
        for comment in comments:
            change(comment)
            # Saving a public comment purges its article's cached pages (newsplugin.cache.signals).
            comment.save()
    return len(comments)


def anonymise_commenter(email):
    """Keep the words of ``email``'s comments, remove who wrote them. Returns how many."""
    return _rewrite_comments_of(email, _forget_author)


def erase_commenter(email):
    """Remove everything ``email`` sent: who wrote it and the words. Returns how many.

    Each row stays, empty and marked removed, so replies from others keep their
    place in the thread; nothing personal is left in it.
    """
    return _rewrite_comments_of(email, _forget_author_and_words)


def forget_old_commenters(days=None, now=None):
    """Remove emails and IP addresses from comments older than ``days``; keep the comments.

    ``days`` defaults to ``NEWSPLUGIN_COMMENT_PERSONAL_DATA_DAYS``; None does nothing.
    Returns how many comments were changed.
    """
    days = conf.COMMENT_PERSONAL_DATA_DAYS if days is None else days
    if days is None:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = _comments().filter(submit_date__lt=cutoff)
    return old.filter(~Q(user_email="") | Q(ip_address__isnull=False)).update(
        user_email="", ip_address=None, email_key="", address_key=""
    )
