"""The newsroom: authors, news indexes and articles."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import CharField, Count, Exists, F, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce, Length, Substr
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _
from django_comments.managers import CommentManager
from django_comments_xtd.models import XtdComment
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from .blocks import ArticleBodyBlock, PinnedLinksBlock
from .conf import conf
from .panels import AuthorsPanel
from .pictures import PICTURE_SIZES
from .sanitise import sanitise_comment


def paginate(request, object_list, per_page):
    """One page of ``object_list`` for ``?page=``; any bad value gives a sane page."""
    return Paginator(object_list, per_page).get_page(request.GET.get("page"))


def without_private(pages):
    """``pages`` less those inside a private section.

    Unlike ``.public()``, which costs a query of its own, this is one subquery.
    """
    restrictions = PageViewRestriction.objects.annotate(
        outer_prefix=Substr(OuterRef("path"), 1, Length("page__path"))
    ).filter(page__path=F("outer_prefix"))
    return pages.exclude(Exists(restrictions))


class NewsPageMixin:
    """What every newsplugin page shares."""

    def get_absolute_url(self):
        # django-comments-xtd and other Django apps expect this; Wagtail pages lack it.
        return self.get_url()


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
        news_index = NewsIndexPage.objects.live().order_by("path").first()
        return news_index.author_url(self) if news_index else None


class NewsIndexPage(NewsPageMixin, RoutablePageMixin, Page):
    """A section of the site that holds articles, and the authors' archives under it."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["newsplugin.ArticlePage"]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def get_articles(self):
        """Live, public articles in this section, newest first."""
        return (
            without_private(ArticlePage.objects.live().descendant_of(self))
            .select_related("lead_image")
            .prefetch_related(PICTURE_SIZES["thumbnail"].prefetch("lead_image"))
            .annotate(comment_count=approved_comment_count())
            .order_by("-date", "-pk")
        )

    def author_url(self, author, request=None):
        """The address of ``author``'s archive in this section (None when unrouted)."""
        url = self.get_url(request)
        return url + self.reverse_subpage("author", args=[author.slug]) if url else None

    @path("")
    def article_list(self, request):
        articles = paginate(request, self.get_articles(), conf.ARTICLES_PER_PAGE)
        return self.render(request, context_overrides={"articles": articles})

    @path("authors/<slug:slug>/", name="author")
    def author_archive(self, request, slug):
        from django.shortcuts import get_object_or_404

        author = get_object_or_404(Author, slug=slug)
        articles = paginate(
            request,
            self.get_articles().filter(article_authors__author=author),
            conf.ARTICLES_PER_PAGE,
        )
        return self.render(
            request,
            context_overrides={"author": author, "articles": articles},
            template="newsplugin/author_archive.html",
        )


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "newsplugin.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(NewsPageMixin, Page):
    """A news article: headline, lead photo, body, authors and More From Author."""

    standfirst = models.TextField(
        _("standfirst"),
        blank=True,
        max_length=500,
        help_text=_("One or two sentences under the headline; also the page description."),
    )
    date = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Leave empty to use the moment the article is first published."),
    )
    lead_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("lead photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_caption = models.CharField(_("caption"), max_length=500, blank=True)
    lead_image_credit = models.CharField(
        _("credit"),
        max_length=255,
        blank=True,
        help_text=_("Photographer/agency, e.g. “Budi Santoso/Antara”."),
    )
    lead_image_alt = models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )
    lead_image_decorative = models.BooleanField(_("decorative (no alt text needed)"), default=False)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("tags"))
    pinned_links = StreamField(
        PinnedLinksBlock(),
        verbose_name=_("pinned More From Author links"),
        blank=True,
        help_text=_("Shown first in More From Author, before the author's newest articles."),
    )
    comments_open = models.BooleanField(
        _("comments open"),
        default=True,
        help_text=_("Readers may reply to this article. Replies wait for moderation."),
    )
    comments_close_after_days = models.PositiveIntegerField(
        _("close comments after (days)"),
        null=True,
        blank=True,
        help_text=_("Days after publication; leave empty for the site's default."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("standfirst"),
        AuthorsPanel("article_authors", label=_("Authors"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldPanel("lead_image_caption"),
                FieldRowPanel([FieldPanel("lead_image_credit"), FieldPanel("lead_image_alt")]),
                FieldPanel("lead_image_decorative"),
            ],
            heading=_("Lead photo"),
        ),
        FieldPanel("body"),
        FieldPanel("pinned_links"),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("date"), FieldPanel("tags")]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [FieldPanel("comments_open"), FieldPanel("comments_close_after_days")],
            heading=_("Comments"),
        )
    ]

    search_fields = Page.search_fields + [
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields(
            "article_authors",
            [
                index.RelatedFields("author", [index.SearchField("name")]),
            ],
        ),
    ]

    parent_page_types = ["newsplugin.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def clean(self):
        super().clean()
        needs_alt = self.lead_image_id and not self.lead_image_decorative
        if needs_alt and not self.lead_image_alt.strip():
            raise ValidationError(
                {"lead_image_alt": _("Describe the photo, or mark it as decorative.")}
            )

    def save(self, *args, **kwargs):
        if self.date is None and self.live:
            self.date = self.first_published_at or timezone.now()
        return super().save(*args, **kwargs)

    @property
    def display_date(self):
        return self.date or self.first_published_at or self.latest_revision_created_at

    def get_authors(self):
        """This article's authors, in the editor's order (in-memory during preview)."""
        authors = {}
        for link in self.article_authors.select_related("author"):
            authors.setdefault(link.author_id, link.author)
        return list(authors.values())

    def comments_close_at(self):
        """When comments close by age, or None when age never closes them."""
        days = self.comments_close_after_days
        if days is None:
            days = conf.COMMENTS_CLOSE_AFTER_DAYS
        published = self.display_date
        if days is None or published is None:
            return None
        # A date in the future simply closes later (django-contrib-comments raises here).
        return published + timedelta(days=days)

    def comments_are_open(self, now=None):
        """Whether readers may reply now: the article's switch, then its age."""
        if not self.comments_open:
            return False
        close_at = self.comments_close_at()
        return close_at is None or (now or timezone.now()) < close_at

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if getattr(request, "newsplugin_private_response", False):
            # The page shows this reader's own pending comment: no shared cache may keep it.
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response

    def get_context(self, request, *args, comment_form=None, **kwargs):
        from .related import more_from_author
        from .threads import comment_section

        context = super().get_context(request, *args, **kwargs)
        # specific_deferred: the right class without a second query for its fields.
        parent = self.get_parent().specific_deferred
        authors = self.get_authors()
        has_archives = isinstance(parent, NewsIndexPage)
        context["authors"] = [
            (author, parent.author_url(author, request) if has_archives else None)
            for author in authors
        ]
        context["more_from_author"] = more_from_author(self, [a.pk for a in authors], request)
        context["comments"] = comment_section(self, request, form=comment_form)
        return context


class ArticleAuthor(Orderable):
    """One author of an article, in the order the editor gave."""

    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="article_authors")
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


def approved_comment_count():
    """An annotation: approved comments on each article of a page queryset."""
    comments = (
        ArticleComment.objects.approved()
        .filter(
            content_type=ContentType.objects.get_for_model(ArticlePage),
            object_pk=Cast(OuterRef("pk"), CharField()),
        )
        .order_by()
        .values("object_pk")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(comments), 0)


class ArticleCommentQuerySet(models.QuerySet):
    def for_article(self, article):
        return self.filter(
            content_type=ContentType.objects.get_for_model(ArticlePage),
            object_pk=str(article.pk),
        )

    def approved(self):
        """Comments readers may see (a reply also needs its ancestors approved)."""
        return self.filter(is_public=True, is_removed=False)

    def pending(self):
        return self.filter(is_public=False, is_removed=False)


class ArticleComment(XtdComment):
    """A reader's comment on an article, stored by django-comments-xtd.

    ``comment`` keeps exactly what the reader sent, for moderators;
    ``comment_html`` is its sanitised form, made once when the comment is saved,
    and is what the public page shows. ``is_public`` is False until a moderator
    approves the comment.
    """

    comment_html = models.TextField(_("sanitised comment"), blank=True, editable=False)

    objects = CommentManager.from_queryset(ArticleCommentQuerySet)()
    # django-comments-xtd looks this manager up on the configured model.
    norel_objects = CommentManager()

    class Meta:
        verbose_name = _("reader comment")
        verbose_name_plural = _("reader comments")

    def save(self, *args, **kwargs):
        self.comment_html = sanitise_comment(self.comment)
        super().save(*args, **kwargs)

    @property
    def depth(self):
        """1 for a comment on the article, 2 for a reply to it, and so on."""
        return self.level + 1
