"""The front page: a lead story and secondary stories chosen by editors, the newest
articles of each section, and the most commented of the last days."""

import functools
from datetime import timedelta

from django.db import models
from django.db.models import CharField, Count, F, OuterRef, Subquery, Window
from django.db.models.functions import Cast, Coalesce, RowNumber, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_comments.models import Comment
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.blocks import PageChooserBlock
from wagtail.fields import StreamField
from wagtail.models import Page

from ..pictures import PICTURE_SIZES, prefetch_renditions
from ..prepared import PreparedQuery
from .pages import (
    ArticlePage,
    ChildPageRoutingMixin,
    NewsIndexPage,
    NewsPageMixin,
    approved_comment_count,
    card_articles,
    card_values,
)
from .querysets import article_content_type, without_private

STEPLEN = Page.steplen


class FrontPageMixin(NewsPageMixin, models.Model):
    """What makes a page a newspaper's front page; a site's own home page may mix it in.

    ``get_front_page()`` returns everything the template shows, in six queries (one
    more when editors picked stories) however many sections and stories there are.
    """

    lead_story = models.ForeignKey(
        "newsplugin.ArticlePage",
        verbose_name=_("lead story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to lead with the newest article."),
    )
    featured_stories = StreamField(
        [("article", PageChooserBlock(page_type="newsplugin.ArticlePage", label=_("Article")))],
        verbose_name=_("secondary stories"),
        blank=True,
        help_text=_("In this order; the newest articles fill the places left."),
    )
    news_index = models.ForeignKey(
        "newsplugin.NewsIndexPage",
        verbose_name=_("news index"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Whose articles and sections the page shows; empty: the first one below it."),
    )
    secondary_count = models.PositiveSmallIntegerField(_("secondary stories shown"), default=4)
    section_count = models.PositiveSmallIntegerField(
        _("articles per section"), default=3
    )
    most_commented_days = models.PositiveSmallIntegerField(
        _("most commented over the last (days)"), default=3
    )

    front_panels = [
        FieldPanel("lead_story"),
        FieldPanel("featured_stories"),
        MultiFieldPanel(
            [
                FieldPanel("news_index"),
                FieldPanel("secondary_count"),
                FieldPanel("section_count"),
                FieldPanel("most_commented_days"),
            ],
            heading=_("Front page"),
        ),
    ]

    class Meta:
        abstract = True

    def get_news_index(self):
        """The chosen news index in this page's language (a translated front page keeps
        its original's choice), else the first one below this page."""
        if self.news_index_id:
            chosen = _CHOSEN_INDEX.first(self.news_index_id, self.locale_id)
            if chosen is not None:
                return chosen
        return _FIRST_INDEX_BELOW.first(self.path, self.depth, self.pk)

    def get_front_page(self, request=None, now=None):
        """{"lead", "secondary", "sections": [(section, articles)], "most_commented"}."""
        index = self.get_news_index()
        if index is None:
            return {"lead": None, "secondary": [], "sections": [], "most_commented": []}
        # Every query below is prepared (newsplugin.prepared): built and compiled once.
        values = card_values(index)
        # The chosen ids as stored: no query for pages the one below loads anyway.
        featured_ids = [item["value"] for item in self.featured_stories.raw_data if item["value"]]
        chosen = [self.lead_story_id, *featured_ids] if self.lead_story_id else featured_ids
        # Only what is live and public in this index counts; editors' picks keep their order.
        # A pick in another language counts as its translation in this index's.
        picked = {}
        if chosen:
            for article in _PICKED(chosen, *values):
                picked.setdefault(article.chosen_pk, article)
        lead = picked.get(self.lead_story_id)
        featured = list(
            {pk: picked[pk] for pk in featured_ids if pk in picked and picked[pk] is not lead}
            .values()
        )[: self.secondary_count]
        needed = (lead is None) + self.secondary_count - len(featured)
        shown = [a.pk for a in (lead, *featured) if a is not None]
        fill = _fill_query(needed)(shown, *values) if needed > 0 else []
        if lead is None and fill:
            lead = fill.pop(0)  # no lead chosen, or it went offline: the newest leads
        secondary = featured + fill
        stories = [a for a in (lead, *secondary) if a is not None]
        sections = self._sections(index, values, exclude=[a.pk for a in stories])
        # Every card's thumbnail and the lead story's lead sizes, in one query (else
        # Wagtail would look each up, and write it to the cache, on every request).
        thumbnail = PICTURE_SIZES["thumbnail"].all_specs()
        cards = [*stories, *(article for _, listed in sections for article in listed)]
        prefetch_renditions(
            *((article.lead_image, thumbnail) for article in cards),
            (lead.lead_image if lead else None, PICTURE_SIZES["lead"].all_specs()),
        )
        return {
            "index": index,
            "lead": lead,
            "secondary": secondary,
            "sections": sections,
            "most_commented": self._most_commented(index, now),
        }

    def _sections(self, index, values, exclude):
        """The newest articles of each section right below ``index``, in one query."""
        sections = _SECTIONS(index.path, index.depth + 1)
        if not sections or not self.section_count:
            return []
        prefix = (index.depth + 1) * STEPLEN
        ranked = _ranked_query(self.section_count)(index.depth + 1, exclude, prefix, *values)
        by_section = {}
        for article in ranked:
            by_section.setdefault(article.section_path, []).append(article)
        return [
            (section, by_section[section.path])
            for section in sections
            if section.path in by_section
        ]

    def _most_commented(self, index, now=None, count=5):
        """Articles with the most comments approved in the last days, in one query."""
        since = (now or timezone.now()) - timedelta(days=self.most_commented_days)
        return _most_commented_query(count)(
            since, article_content_type().pk, index.path, index.depth, index.pk
        )


def _live_indexes():
    return NewsIndexPage.objects.live().order_by("path")


# The front page's queries, prepared: each takes only values, as PreparedQuery asks.
_CHOSEN_INDEX = PreparedQuery(
    NewsIndexPage,
    lambda chosen_pk, locale_id: _live_indexes().filter(
        translation_key__in=Page.objects.filter(pk=chosen_pk).values("translation_key"),
        locale=locale_id,
    )[:1],
)
_FIRST_INDEX_BELOW = PreparedQuery(
    NewsIndexPage,
    lambda path, depth, pk: _live_indexes()
    .filter(path__startswith=path, depth__gte=depth)
    .exclude(pk=pk)[:1],
)
# The sections right below an index: its children (child_of() takes a page, not values).
_SECTIONS = PreparedQuery(
    NewsIndexPage,
    lambda path, depth: without_private(
        _live_indexes().filter(path__startswith=path, depth=depth)
    ),
)


def _picked(chosen, *values):
    """The chosen pages' translations among an index's cards, each with the pk chosen."""
    picks = Page.objects.filter(pk__in=chosen)
    as_chosen = picks.filter(translation_key=OuterRef("translation_key")).values("pk")
    return (
        card_articles(*values)
        .filter(translation_key__in=picks.values("translation_key"))
        .annotate(chosen_pk=Subquery(as_chosen[:1]))
    )


_PICKED = PreparedQuery(ArticlePage, _picked)


@functools.lru_cache(maxsize=32)
def _fill_query(count):
    """The newest ``count`` cards of an index but those shown."""
    return PreparedQuery(
        ArticlePage,
        lambda shown, *values: card_articles(*values).exclude(pk__in=shown)[:count],
    )


@functools.lru_cache(maxsize=32)
def _ranked_query(count):
    """The newest ``count`` cards of each section at ``depth`` below an index (but those
    in ``exclude``), each with its section's ``path`` (its first ``prefix`` characters)."""

    def build(depth, exclude, prefix, *values):
        return (
            card_articles(*values)
            .filter(depth__gt=depth)
            .exclude(pk__in=exclude)
            .annotate(section_path=Substr("path", 1, prefix))
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("section_path")],
                    order_by=[F("date").desc(nulls_last=True), F("pk").desc()],
                ),
            )
            .filter(rank__lte=count)
        )

    return PreparedQuery(ArticlePage, build)


@functools.lru_cache(maxsize=32)
def _most_commented_query(count):
    """The ``count`` live, public articles below an index with the most comments
    approved since ``since``."""
    return PreparedQuery(ArticlePage, lambda *values: _most_commented(count, *values))


def _most_commented(count, since, content_type_id, path, depth, pk):
    # Counted in django-comments' own table, as approved_comment_count() does:
    # through ArticleComment, PostgreSQL joined three tables for every article.
    recent = (
        Comment.objects.filter(
            content_type=content_type_id,
            object_pk=Cast(OuterRef("pk"), CharField()),
            is_public=True,
            is_removed=False,
            submit_date__gte=since,
        )
        .order_by()
        .values("object_pk")
        .annotate(count=Count("pk"))
        .values("count")
    )
    articles = ArticlePage.objects.live().filter(path__startswith=path, depth__gte=depth)
    return (
        without_private(articles.exclude(pk=pk))
        .annotate(recent_comments=Coalesce(Subquery(recent), 0))
        .filter(recent_comments__gt=0)
        .annotate(comment_count=approved_comment_count(content_type_id=content_type_id))
        .order_by("-recent_comments", "-date", "-pk")[:count]
    )


class FrontPage(FrontPageMixin, ChildPageRoutingMixin, Page):  # noqa: DJ008  (Page's __str__)
    """A front page the plugin ships; make it a site's home page, or mix
    ``FrontPageMixin`` into your own."""

    content_panels = Page.content_panels + FrontPageMixin.front_panels
    subpage_types = ["newsplugin.NewsIndexPage"]

    class Meta:
        verbose_name = _("front page")
        verbose_name_plural = _("front pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["front"] = self.get_front_page(request)
        return context
