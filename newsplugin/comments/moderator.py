"""Who may comment on an article, and which comments wait for a moderator.

``ArticleCommentModerator`` is registered for ``ArticlePage`` with
django-contrib-comments' moderator (see ``setup.py``), which asks it about
every comment before it is saved. The decisions themselves are the small rules
in ``newsplugin.comments.rules`` (``NEWSPLUGIN_MODERATION_RULES``); subclass the moderator
and point ``NEWSPLUGIN_COMMENT_MODERATOR`` at your class to change more.
"""

from django.utils import timezone
from django.utils.module_loading import import_string
from django_comments_xtd.moderation import XtdCommentModerator

from ..conf import conf
from ..models import CommentPolicy, ModerationStatus
from .rules import ArticleRules, CommentContext, Decision

HOLD_EVERY_GUEST_COMMENT = "hold_all"


class ArticleCommentModerator(XtdCommentModerator):
    """Runs the moderation rules on every new comment and records which one decided."""

    # newsplugin.comments.notifications sends its own e-mails; xtd's stay off.
    email_notification = False
    removal_suggestion_notification = False

    def allow(self, comment, content_object, request):
        """False refuses the comment outright; a rule may raise ``CommentRefused`` instead."""
        if not self.is_open(content_object):
            return False
        rules = ArticleRules.for_article(content_object, request)
        if rules.policy == CommentPolicy.CLOSED:
            return False
        comment.newsplugin_decision = self.decide(comment, content_object, rules, request)
        return True

    def is_open(self, article):
        return article.comments_are_open()

    def get_rules(self):
        return [import_string(path) for path in conf.MODERATION_RULES]

    def decide(self, comment, article, rules, request=None):
        """The first rule's ``Decision`` (or its ``CommentRefused``); held when none decides."""
        context = CommentContext(comment, article, rules, request)
        for rule in self.get_rules():
            decision = rule(context)
            if decision is not None:
                return decision
        return Decision(ModerationStatus.PENDING, HOLD_EVERY_GUEST_COMMENT)

    def moderate(self, comment, content_object, request):
        """True holds the comment (``is_public=False``); the decision is stored on it."""
        decision = getattr(comment, "newsplugin_decision", None)
        if decision is None:
            rules = ArticleRules.for_article(content_object, request)
            decision = self.decide(comment, content_object, rules, request)
        comment.moderation_status = decision.status
        comment.moderation_rule = decision.rule
        comment.is_public = decision.status == ModerationStatus.APPROVED
        if decision.status != ModerationStatus.PENDING:
            comment.moderated_at = timezone.now()
        comment.newsplugin_moderation_rule = decision.rule
        return not comment.is_public

    def hold_reason(self, comment, article, request):
        """The name of the rule that holds ``comment``, or None when it is published."""
        decision = self.decide(
            comment, article, ArticleRules.for_article(article, request), request
        )
        return None if decision.status == ModerationStatus.APPROVED else decision.rule

    def email(self, comment, content_object, request):
        return None
