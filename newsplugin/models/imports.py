"""What an import from another CMS has already brought in, so that it can run again."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedObject(models.Model):
    """One thing brought in from another site: a WordPress post, comment, author…

    A second import of the same export looks its items up here and creates nothing
    twice (see ``newsplugin.wordpress``). ``digest`` tells whether an item changed.
    """

    class Kind(models.TextChoices):
        AUTHOR = "author", _("author")
        CATEGORY = "category", _("category")
        ATTACHMENT = "attachment", _("attachment")
        POST = "post", _("post")
        COMMENT = "comment", _("comment")

    source = models.CharField(
        _("source site"), max_length=255, help_text=_("The address of the site exported from.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    source_id = models.CharField(_("id on the source site"), max_length=255)
    object_id = models.PositiveBigIntegerField(_("id here"))
    digest = models.CharField(_("digest of the item"), max_length=64, blank=True, default="")
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("imported object")
        verbose_name_plural = _("imported objects")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "source_id"], name="newsplugin_imported_once"
            )
        ]

    def __str__(self):
        return f"{self.source} {self.kind} {self.source_id} -> {self.object_id}"
