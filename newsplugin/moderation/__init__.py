"""The moderation queue in the Wagtail admin.

``decisions`` approves, rejects, marks as spam, restores and replies (logged,
purged, notified); ``views`` and ``viewsets`` are the admin screens over them;
``compat`` bridges Wagtail versions.
"""

from ..deprecation import moved

# Before 0.2 the module newsplugin.moderation held the comment moderator.
__getattr__ = moved(
    __name__,
    {"newsplugin.comments.moderator": ["ArticleCommentModerator", "HOLD_EVERY_GUEST_COMMENT"]},
)
