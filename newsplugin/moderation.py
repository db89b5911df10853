"""Who may comment on an article, and which comments wait for a moderator.

``ArticleCommentModerator`` is registered for ``ArticlePage`` with
django-contrib-comments' moderator (see ``apps.py``), which asks it about every
comment before it is saved. Subclass it, override the small methods below, and
point ``NEWSPLUGIN_COMMENT_MODERATOR`` at your class to change the rules.
"""

from django_comments_xtd.moderation import XtdCommentModerator

HOLD_EVERY_GUEST_COMMENT = "hold_all"


class ArticleCommentModerator(XtdCommentModerator):
    """Comments are allowed while an article is open, and every one waits for approval."""

    # Notifications arrive with the moderation queue; xtd's own e-mails stay off.
    email_notification = False
    removal_suggestion_notification = False

    def allow(self, comment, content_object, request):
        """False refuses the comment outright (the reader sees a 403 page)."""
        return self.is_open(content_object)

    def is_open(self, article):
        return article.comments_are_open()

    def moderate(self, comment, content_object, request):
        """True holds the comment (``is_public=False``) until a moderator decides."""
        rule = self.hold_reason(comment, content_object, request)
        comment.newsplugin_moderation_rule = rule
        return rule is not None

    def hold_reason(self, comment, article, request):
        """The name of the rule that holds ``comment``, or None to publish it at once."""
        return HOLD_EVERY_GUEST_COMMENT

    def email(self, comment, content_object, request):
        return None
