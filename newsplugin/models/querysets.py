"""Querysets and query helpers the newsroom's models share."""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction

from ..languages import translations_enabled
from ..numbers import page_number
from .choices import ModerationStatus

ARTICLE_MODEL = ("newsplugin", "articlepage")


def paginate(request, object_list, per_page):
    """One page of ``object_list`` for ``?page=``; any bad value gives a sane page."""
    return Paginator(object_list, per_page).get_page(page_number(request.GET.get("page")))



def without_private(pages):
    """``pages`` less those inside a private section.

    Unlike ``.public()``, which costs a query of its own, this is one subquery.
    """
    restrictions = PageViewRestriction.objects.annotate(
        outer_prefix=Substr(OuterRef("path"), 1, Length("page__path"))
    ).filter(page__path=F("outer_prefix"))
    return pages.exclude(Exists(restrictions))



def translated_site_pages(pages, site):
    """``pages`` under ``site``'s root page or any of its translations (the root of
    each language's tree), in one query for the roots."""
    roots = Page.objects.filter(pk=site.root_page_id)
    if translations_enabled():
        roots = Page.objects.filter(translation_key__in=roots.values("translation_key"))
    within = Q(pk__in=[])
    for path in roots.values_list("path", flat=True):
        within |= Q(path__startswith=path)
    return pages.filter(within)


def article_content_type():
    """The content type comments on articles carry (cached by Django after the first call)."""
    return ContentType.objects.get_by_natural_key(*ARTICLE_MODEL)


class ArticleCommentQuerySet(models.QuerySet):
    def for_article(self, article):
        return self.filter(
            content_type=article_content_type(),
            object_pk=str(article.pk),
        )

    def approved(self):
        """Comments readers may see (a reply also needs its ancestors approved)."""
        return self.filter(is_public=True, is_removed=False)

    def pending(self):
        return self.filter(
            moderation_status=ModerationStatus.PENDING, is_public=False, is_removed=False
        )

    def awaiting_for_their_author(self):
        """What a reader sees as "awaiting moderation": held or, unknown to them, spam."""
        return self.filter(
            moderation_status__in=[ModerationStatus.PENDING, ModerationStatus.SPAM],
            is_public=False,
            is_removed=False,
        )

    def with_status(self, status):
        return self.filter(moderation_status=status)
