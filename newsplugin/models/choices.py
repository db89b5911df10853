"""Where a comment stands, and what a site does with guest comments."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ModerationStatus(models.TextChoices):
    """Where a reader comment stands; only approved comments are public."""

    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    SPAM = "spam", _("Spam")
    REJECTED = "rejected", _("Rejected")


class CommentPolicy(models.TextChoices):
    """What happens to a guest comment that trips no rule."""

    HOLD_ALL = "hold_all", _("Hold every guest comment for moderation")
    HOLD_FIRST_TIME = "hold_first_time", _(
        "Hold first-time commenters; publish those with an approved comment"
    )
    PUBLISH = "publish", _("Publish unless a rule holds the comment")
    CLOSED = "closed", _("Closed: accept no comments")
