"""The newsroom's journalists and contributors."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.images import get_image_model_string
from wagtail.models import Orderable
from wagtail.search import index


class Author(index.Indexed, models.Model):
    """A journalist or contributor; edited as a Wagtail snippet."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
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
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Wagtail user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsplugin_author",
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
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """The archive under the first live news index, or None when there is none."""
        # By label: the page models (models/pages.py) build on this one.
        news_index = (
            apps.get_model("newsplugin", "NewsIndexPage").objects.live().order_by("path").first()
        )
        return news_index.author_url(self) if news_index else None




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
