"""What the moderator's workbench remembers besides a comment's status.

``CommentReport``: a reader's report of a public comment (one per reader and
comment). ``CommenterRule``: a moderator's standing decision about one commenter
(always hold, or trust), matched on the keys the moderation rules use.
``SectionModerators``: a moderator group limited to some sections (news indexes).
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam")
    ABUSE = "abuse", _("Abusive or hateful")
    OFF_TOPIC = "off_topic", _("Off-topic")
    OTHER = "other", _("Something else")


class CommentReport(models.Model):
    """A reader says a public comment should not be there.

    ``reader_key`` is the keyed hash of the reader's full address (never the
    address itself): one report per reader and comment. ``resolved_at`` is set
    when a moderator decides on the comment.
    """

    comment = models.ForeignKey(
        "newsplugin.ArticleComment", on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    reader_key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reader_key"], name="newsplugin_one_report_per_reader"
            )
        ]
        indexes = [models.Index(fields=["resolved_at", "comment"], name="newsplugin_report_open")]

    def __str__(self):
        return f"{self.comment_id}: {self.reason}"


class CommenterRuleKind(models.TextChoices):
    HOLD = "hold", _("Always hold")
    TRUST = "trust", _("Trust")


class CommenterRule(models.Model):
    """A moderator's standing decision about the commenter with this ``email_key``.

    "Always hold" holds every comment with that email or from that full address
    (holding costs nobody anything). "Trust" publishes only what the trust
    work would accept as that commenter (their saved-details cookie naming one
    of their comments, or their account): typing someone's email proves nothing.
    """

    kind = models.CharField(_("rule"), max_length=10, choices=CommenterRuleKind.choices)
    email_key = models.CharField(max_length=254, blank=True, default="", editable=False)
    address_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    user_name = models.CharField(_("name"), max_length=50, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("commenter rule")
        verbose_name_plural = _("commenter rules")
        indexes = [
            models.Index(fields=["email_key"], name="newsplugin_rule_email"),
            models.Index(fields=["address_key"], name="newsplugin_rule_address"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.user_name}"


class SectionModerators(models.Model):
    """A moderator group that sees and decides only the comments of these sections."""

    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="newsplugin_sections",
        verbose_name=_("group"),
    )
    sections = models.ManyToManyField(
        "newsplugin.NewsIndexPage", related_name="+", verbose_name=_("sections"),
        help_text=_("Its members moderate the comments on articles in these sections only."),
    )

    class Meta:
        verbose_name = _("section moderators")
        verbose_name_plural = _("section moderators")

    def __str__(self):
        return self.group.name
