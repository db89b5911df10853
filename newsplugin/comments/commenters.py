"""Returning commenters: what proves that a reader is the one who wrote before.

An email proves nothing (anyone can type it). Under "hold first-time
commenters" a reader is published at once only when this browser carries the
signed, HttpOnly cookie issued with their earlier comments (the reader ticks
"Save my name, email, and website in this browser…", as on WordPress) and one of
those very comments was approved under the same name and email, or when they
are logged in and an earlier comment of their account was approved.

The cookie also fills the reply form in for the reader, through the token
endpoint (never through the article page, which a shared cache may keep).
"""

from django.conf import settings
from django.core import signing

from ..addresses import email_key
from ..models import ArticleComment, ModerationStatus

COOKIE_NAME = "newsplugin_commenter"
COOKIE_SALT = "newsplugin.comments.commenter"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365
# The cookie names at most this many of the browser's own comments.
MAX_COMMENTS = 10


def read_commenter(request):
    """{"name", "email", "url", "comments": [ids]} from this browser's cookie, or None."""
    value = getattr(request, "COOKIES", {}).get(COOKIE_NAME)
    if not value:
        return None
    try:
        data = signing.loads(value, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)
    except signing.BadSignature:  # forged, or expired
        return None
    if not isinstance(data, dict):
        return None
    ids = data.get("c")
    return {
        "name": str(data.get("n", "")),
        "email": str(data.get("e", "")),
        "url": str(data.get("u", "")),
        "comments": [pk for pk in ids if isinstance(pk, int)] if isinstance(ids, list) else [],
    }


def remember_commenter(response, request, comment):
    """Issue (or renew) the cookie for the reader who just posted ``comment``."""
    previous = read_commenter(request)
    ids = previous["comments"] if previous else []
    ids = [pk for pk in ids if pk != comment.pk] + [comment.pk]
    value = signing.dumps(
        {
            "n": comment.user_name,
            "e": comment.user_email,
            "u": comment.user_url,
            "c": ids[-MAX_COMMENTS:],
        },
        salt=COOKIE_SALT,
        compress=True,
    )
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def forget_commenter(response, request):
    """The reader unticked the box: the browser keeps nothing of them."""
    if COOKIE_NAME in request.COOKIES:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")


def is_returning_commenter(request, comment):
    """Whether this browser or account proves it wrote an approved comment as ``comment``'s
    author. Asks the database only when there is such a proof to check."""
    user = getattr(request, "user", None)
    approved = ArticleComment.objects.with_status(ModerationStatus.APPROVED)
    if user is not None and user.is_authenticated:
        return approved.filter(user=user).exists()
    saved = read_commenter(request)
    if not saved or not saved["comments"]:
        return False
    key = email_key(comment.user_email)
    if email_key(saved["email"]) != key or saved["name"] != comment.user_name:
        return False
    return approved.filter(
        pk__in=saved["comments"], email_key=key, user_name=comment.user_name
    ).exists()


def proves_commenter(request, key):
    """Whether this browser or account proves it is the commenter with email key ``key``:
    the same proofs as ``is_returning_commenter``, whatever became of those comments."""
    if not key:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return ArticleComment.objects.filter(user=user, email_key=key).exists()
    saved = read_commenter(request)
    if not saved or not saved["comments"] or email_key(saved["email"]) != key:
        return False
    return ArticleComment.objects.filter(pk__in=saved["comments"], email_key=key).exists()
