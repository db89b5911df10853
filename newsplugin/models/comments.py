"""Reader comments on articles, and where each one stands."""

from django.apps import apps
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django_comments.managers import CommentManager
from django_comments_xtd.models import XtdComment

from ..addresses import address_key, email_key, stored_ip_address
from ..sanitise import sanitise_comment
from .choices import ModerationStatus
from .querysets import ArticleCommentQuerySet


class ArticleComment(XtdComment):
    """A reader's comment on an article, stored by django-comments-xtd.

    ``comment`` keeps exactly what the reader sent, for moderators;
    ``comment_html`` is its sanitised form, made once when the comment is saved,
    and is what the public page shows. ``is_public`` is False until a rule or a
    moderator approves the comment: a new comment is public only when its
    ``moderation_status`` says "approved", whatever ``is_public`` it was given
    (the base model's default is True).
    """

    # Wagtail's reference index ("usage" in the admin) would record each comment's
    # user, site and content type on every save (twice per post): nobody asks.
    wagtail_reference_index_ignore = True

    comment_html = models.TextField(_("sanitised comment"), blank=True, editable=False)
    moderation_status = models.CharField(
        _("status"),
        max_length=10,
        choices=ModerationStatus.choices,
        default=ModerationStatus.PENDING,
        db_default=ModerationStatus.PENDING,
    )
    moderated_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    moderation_rule = models.CharField(
        _("rule"), max_length=100, blank=True, default="", db_default=""
    )
    by_newsroom = models.BooleanField(
        _("from the newsroom"), default=False, db_default=False, editable=False
    )
    notify_replies = models.BooleanField(
        _("notify of replies"), default=False, db_default=False
    )
    notify_decision = models.BooleanField(
        _("notify of the decision"), default=False, db_default=False
    )
    decision_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_reason = models.CharField(
        _("reason given"), max_length=200, blank=True, default="", db_default="",
        editable=False,
    )
    featured = models.BooleanField(
        _("editor's pick"), default=False, db_default=False, editable=False
    )
    # For matching only, never shown: lookups by email compare this (indexed, unlike
    # user_email__iexact on django-contrib-comments' table), and flood control and
    # learned spam compare the keyed hash of the full address, not the stored /24.
    email_key = models.CharField(
        _("email, normalised"), max_length=254, blank=True, default="", db_default="",
        editable=False,
    )
    address_key = models.CharField(
        _("keyed hash of the full IP address"), max_length=64, blank=True, default="",
        db_default="", editable=False,
    )

    objects = CommentManager.from_queryset(ArticleCommentQuerySet)()
    # django-comments-xtd looks this manager up on the configured model.
    norel_objects = CommentManager()

    class Meta:
        verbose_name = _("reader comment")
        verbose_name_plural = _("reader comments")
        permissions = [
            ("moderate_comment", _("Can moderate reader comments")),
            ("view_commenter_details", _("Can see commenters' email and IP addresses")),
            ("manage_commenter_data", _("Can export and erase a commenter's data")),
        ]
        indexes = [
            # The queue lists one status, newest first, a page at a time.
            models.Index(
                fields=["moderation_status", "-xtdcomment_ptr"], name="newsplugin_comment_queue"
            ),
            models.Index(fields=["moderated_at"], name="newsplugin_comment_decided"),
            models.Index(fields=["email_key"], name="newsplugin_comment_email"),
            models.Index(fields=["address_key"], name="newsplugin_comment_address"),
        ]

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        # **kwargs: Django 6.1 passes fetch_mode.
        comment = super().from_db(db, field_names, values, **kwargs)
        # Whether the public could see it as loaded: a change then purges cached pages.
        comment.was_public = comment.__dict__.get("is_public", False)
        return comment

    was_public = False

    def save(self, *args, **kwargs):
        self.comment_html = sanitise_comment(self.comment)
        self.sync_public_flag()
        self.email_key = email_key(self.user_email)
        if self._state.adding and self.ip_address:
            # The full address is seen once, here: kept only as a keyed hash for
            # matching, and truncated or hashed for people to see (addresses.py).
            self.address_key = self.address_key or address_key(self.ip_address)
            self.ip_address = stored_ip_address(self.ip_address)
        elif not self._state.adding and not self.ip_address:
            self.address_key = ""  # erased or forgotten: nothing left to match on
        if self.pk is None and not self.parent_id:
            self._save_new_thread(*args, **kwargs)
        else:
            super().save(*args, **kwargs)
        self.was_public = self.is_public

    def _save_new_thread(self, *args, **kwargs):
        """Save a new comment on the article, which xtd makes its own parent and thread.

        ``XtdComment.save()`` saves such a comment twice, every table each time,
        to learn its id; one UPDATE of the two thread columns does the same.
        """
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            super(XtdComment, self).save(*args, **kwargs)
            self.parent_id = self.thread_id = self.pk
            XtdComment.norel_objects.filter(pk=self.pk).update(
                parent_id=self.pk, thread_id=self.pk
            )

    @staticmethod
    def _article_model():
        # By label: the article page (models/pages.py) builds on comments, not the reverse.
        return apps.get_model("newsplugin", "ArticlePage")

    @property
    def article(self):
        """The live, public article this comment belongs to, or None."""
        return self._article_model().find_public(self.object_pk)

    def sync_public_flag(self):
        """Keep ``is_public`` (threads and counts read it) in step with the status.

        A new comment: the status decides, so a code path that skips the
        moderator stores a held comment, never a published one. A stored comment
        that code publishes or hides by ``is_public`` alone (xtd, older sites)
        moves the status with it; otherwise the status decides.
        """
        approved = self.moderation_status == ModerationStatus.APPROVED
        if self._state.adding:
            self.is_public = approved
        elif self.is_public and not approved:
            if self.moderation_status == ModerationStatus.PENDING:
                self.moderation_status = ModerationStatus.APPROVED
            else:
                self.is_public = False
        elif approved and not self.is_public:
            self.moderation_status = ModerationStatus.PENDING

    def get_article(self):
        """The article in any state (drafts too), for moderators; see ``article``."""
        return self._article_model().objects.filter(pk=self.object_pk).first()

    def __str__(self):
        return f"{self.user_name}: {self.comment[:50]}"

    @property
    def depth(self):
        """1 for a comment on the article, 2 for a reply to it, and so on."""
        return self.level + 1
