"""The newsroom's journalists and contributors."""

import unicodedata

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.images import get_image_model_string
from wagtail.models import Locale, Orderable, TranslatableMixin
from wagtail.search import index

from ..prepared import PreparedQuery

NAME_KEY_LENGTH = 255


def name_key(name):
    """A name as readers would read it: letters and digits only, any case or script form."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", name).casefold() if ch.isalnum())


class Author(TranslatableMixin, index.Indexed, models.Model):
    """A journalist or contributor; edited as a Wagtail snippet.

    Translatable: each language has its own row (name, bio), and translations of
    one author share a ``translation_key``. An article may name the row of any
    language; pages show the author in their own (``localize_authors()``).
    """

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        help_text=_("Used in the address of the author's archive page."),
    )
    bio = models.TextField(_("short bio"), blank=True, max_length=1000)
    photo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # One account, the same person in every language: one row per language at most.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Wagtail user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsplugin_authors",
    )
    # ``name_key(name)``, kept by ``save()``: readers may not comment under an author's
    # name, and one indexed lookup tells (newsplugin.comments.forms). Long keys are cut
    # short, the reader's too, so that a match can only err towards refusing.
    name_key = models.CharField(
        max_length=NAME_KEY_LENGTH, blank=True, default="", editable=False, db_index=True
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("user"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("slug"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            # Translations usually keep the slug: unique within a language.
            models.UniqueConstraint(fields=["slug", "locale"], name="newsplugin_author_slug"),
            models.UniqueConstraint(
                fields=["user", "locale"],
                condition=models.Q(user__isnull=False),
                name="newsplugin_author_user",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)[:NAME_KEY_LENGTH]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The archive under the first live news index of the author's language, or None."""
        # By label: the page models (models/pages.py) build on this one.
        news_index = (
            apps.get_model("newsplugin", "NewsIndexPage")
            .objects.live()
            .filter(locale_id=self.locale_id)
            .order_by("path")
            .first()
        )
        return news_index.author_url(self) if news_index else None

    def clean(self):
        super().clean()
        # The form leaves the locale out, so Django skips the constraint: check it here
        # (a new author gets the default locale when saved).
        locale_id = self.locale_id or Locale.get_default().pk
        clash = Author.objects.filter(slug=self.slug, locale_id=locale_id).exclude(pk=self.pk)
        if self.slug and clash.exists():
            raise ValidationError(
                {"slug": _("Another author in this language already has this slug.")}
            )


# Built and compiled once per process (newsplugin.prepared): every article asks.
_TRANSLATED_AUTHORS = PreparedQuery(
    Author,
    lambda keys, locale_id: Author.objects.filter(translation_key__in=keys, locale_id=locale_id),
)


def localize_authors(authors, locale_id):
    """``authors`` as they are written in the language ``locale_id``: each one's
    translation where it has one, else itself, in the same order (one query, none
    when every author is in that language already)."""
    authors = list(authors)
    foreign = {a.translation_key for a in authors if a.locale_id != locale_id}
    if not foreign:
        return authors
    translations = {
        author.translation_key: author for author in _TRANSLATED_AUTHORS(sorted(foreign), locale_id)
    }
    return [translations.get(a.translation_key, a) if a.locale_id != locale_id else a
            for a in authors]




class ArticleAuthor(Orderable):
    """One author of an article, in the order the editor gave."""

    article = ParentalKey(
        "newsplugin.ArticlePage", on_delete=models.CASCADE, related_name="article_authors"
    )
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="article_links",
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = _("article author")
        verbose_name_plural = _("article authors")
