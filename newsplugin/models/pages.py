"""The newsroom's pages: news indexes (sections) and articles."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _
from django_comments.models import Comment
from django_comments_xtd.models import XtdComment
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model, get_image_model_string
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from ..api import ARTICLE_API_FIELDS
from ..blocks import ArticleBodyBlock, PinnedLinksBlock
from ..conf import conf
from ..languages import language_of, override_to, translations_enabled
from ..numbers import whole_number
from ..panels import AuthorsPanel
from ..pictures import PICTURE_SIZES, SHARE_IMAGE_SPECS
from .authors import Author, localize_authors
from .choices import CommentPolicy
from .comments import ArticleComment
from .querysets import article_content_type, paginate, without_private


def find_public_article(object_pk):
    """The live, public article whose primary key is ``object_pk`` (text), or None."""
    return ArticlePage.find_public(object_pk)


def _ancestor_paths(page, inclusive=True):
    """The tree paths of ``page``'s ancestors (and its own), root first, without a query."""
    last = len(page.path) + (1 if inclusive else 1 - page.steplen)
    return [page.path[:end] for end in range(page.steplen, last, page.steplen)]


def _view_restrictions(paths):
    """Restrictions on the pages at ``paths`` or, for an alias among them, on its source."""
    aliases = Page.objects.filter(path__in=paths).exclude(alias_of=None)
    return Q(page__path__in=paths) | Q(page__in=aliases.values("alias_of"))


class NewsPageMixin:
    """What every newsplugin page shares."""

    # False when the query that found the page for serving (ChildPageRoutingMixin)
    # saw that no view restriction can apply to it.
    may_have_view_restrictions = None
    # False when that query saw that the page has no live translation.
    has_live_translations = None

    def get_absolute_url(self):
        # django-comments-xtd and other Django apps expect this; Wagtail pages lack it.
        return self.get_url()

    @property
    def content_language(self):
        """The language code of this page's locale (``newsplugin.languages``)."""
        return language_of(self)

    def serve(self, request, *args, **kwargs):
        """The page in its own language, whatever the address asked for: its strings,
        dates and links (``Content-Language`` says which)."""
        if not translations_enabled():
            return super().serve(request, *args, **kwargs)
        with override_to(self):
            response = super().serve(request, *args, **kwargs)
            # A template response renders later, outside this language: render it now.
            if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
                response.render()
        response.headers.setdefault("Content-Language", self.content_language)
        return response

    def get_breadcrumbs(self, request=None, inclusive=False):
        """[{"title", "url"}] of the live pages above this one, from the site's home down
        (this one too when ``inclusive``): from the pages routing went through, else in
        one query."""
        if not self.path:  # not in the tree yet
            return []
        ancestors = self._routed_ancestors()
        if ancestors is None:
            ancestors = (
                Page.objects.ancestor_of(self)
                .filter(depth__gt=1)
                .live()
                .only("pk", "title", "url_path", "depth", "path")
                .order_by("depth")
            )
        pages = [*ancestors, self] if inclusive else ancestors
        crumbs = [{"title": page.title, "url": page.get_url(request)} for page in pages]
        return [crumb for crumb in crumbs if crumb["url"]]

    def _routed_ancestors(self):
        """The pages above this one down from depth 2, as routing left them on each
        other (``_cached_parent_obj``, which Wagtail sets while it routes), or None."""
        chain, page = [], self
        while page.depth > 2:
            page = getattr(page, "_cached_parent_obj", None)
            if page is None or not page.live:
                return None
            chain.append(page)
        return chain[::-1]

    def get_view_restrictions(self):
        """Wagtail's view restrictions of this page and its ancestors (an alias counts as
        its source), in one query instead of Wagtail's two; none at all when the query
        that found the page said none can apply."""
        if self.may_have_view_restrictions is False:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(_view_restrictions(_ancestor_paths(self)))

    @classmethod
    def serving_annotations(cls, parent):
        """Annotations on the query that finds a page of this type under ``parent`` to
        serve it (see ``ChildPageRoutingMixin``)."""
        own = Q(page_id=OuterRef("pk")) | Q(page_id=OuterRef("alias_of_id"))
        restrictions = _view_restrictions(_ancestor_paths(parent)) | own
        restricted = Exists(PageViewRestriction.objects.filter(restrictions))
        annotations = {"may_have_view_restrictions": restricted}
        if translations_enabled():
            # The language switcher asks for translations only when there are any.
            annotations["has_live_translations"] = Exists(
                Page.objects.live()
                .filter(translation_key=OuterRef("translation_key"))
                .exclude(pk=OuterRef("pk"))
            )
        return annotations


class ChildPageRoutingMixin:
    """Routes to a child page in one query when it is of the first of ``subpage_types``.

    Wagtail's ``Page.route()`` takes two queries for each level of the address
    (the page, then its own fields). Here the child is found with the fields of
    the first type in ``subpage_types`` (a news index: its articles) in one; that class may add
    ``serving_related`` (``select_related()`` paths) and ``serving_annotations()``
    to that query, as newsplugin's pages do (whether a view restriction may apply,
    which spares Wagtail's restriction check its two queries; an article's lead
    photo and comment totals). A child of another type costs one more query, as
    with Wagtail. Used by ``NewsIndexPage``; a site's home page above the news
    indexes may use it too. Put it after ``RoutablePageMixin``, whose own routes
    come first.
    """

    def route(self, request, path_components):
        subpage_models = self.clean_subpage_models()
        if not path_components or not subpage_models:
            return super().route(request, path_components)
        model = subpage_models[0]
        link = model._meta.parents.get(Page)
        if link is None:  # not a direct subclass of Page
            return super().route(request, path_components)
        accessor = link.remote_field.get_accessor_name()
        annotations = getattr(model, "serving_annotations", lambda parent: {})(self)
        related = [f"{accessor}__{path}" for path in getattr(model, "serving_related", ())]
        page = (
            self.get_children()
            .filter(slug=path_components[0])
            .select_related(accessor, "locale", *related)
            .annotate(**annotations)
            .first()
        )
        if page is None:
            raise Http404
        # A child of another type (a section in a section) costs one more query.
        child = getattr(page, accessor) if page.specific_class is model else page.specific
        for name in annotations:
            setattr(child, name, getattr(page, name))
        child.locale = page.locale  # the page's language, without a query
        # As Page.route(): the parent is known, so get_parent() needs no query.
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])


class NewsIndexPage(NewsPageMixin, RoutablePageMixin, ChildPageRoutingMixin, Page):
    """A section of the site that holds articles, and the authors' archives under it."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    # Sections: a news index may hold news indexes (Berita › Dunia › Eropa); each lists
    # the articles of its own and of the sections below it.
    subpage_types = ["newsplugin.ArticlePage", "newsplugin.NewsIndexPage"]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def _live_articles(self):
        """Articles in this section or below it, and those listed in it from elsewhere."""
        # Listed here, or in another language's version of this section: a translated
        # article keeps the sections its original was listed in.
        listed_here = ArticlePage.other_sections.through.objects.filter(
            newsindexpage__translation_key=self.translation_key
        ).values("articlepage_id")
        articles = ArticlePage.objects.live().filter(
            Q(path__startswith=self.path, depth__gt=self.depth)
            | Q(pk__in=listed_here, locale_id=self.locale_id)
        )
        return without_private(articles).order_by("-date", "-pk")

    def get_articles(self):
        """Live, public articles in this section, newest first."""
        return (
            self._live_articles()
            .select_related("lead_image")
            # A card shows neither; they are most of an article's row.
            .defer("body", "pinned_links")
            .prefetch_related(PICTURE_SIZES["thumbnail"].prefetch("lead_image"))
            .annotate(comment_count=approved_comment_count())
        )

    def get_feed_articles(self):
        """``get_articles()`` with what a feed item shows: authors, tags, the shared photo."""
        rendition_model = get_image_model().get_rendition_model()
        return (
            self._live_articles()
            .select_related("lead_image")
            .prefetch_related(
                Prefetch(
                    "lead_image__renditions",
                    queryset=rendition_model.objects.filter(
                        filter_spec=SHARE_IMAGE_SPECS["16x9"]
                    ),
                ),
                "article_authors__author",
                "tagged_items__tag",
            )
        )

    def _subpage_url(self, request, name, args, full):
        """A route of this index, or None while the index has no URL (not under a site)."""
        base = self.get_full_url(request) if full else self.get_url(request)
        return base + self.reverse_subpage(name, args=args) if base else None

    def author_url(self, author, request=None, full=False):
        return self._subpage_url(request, "author", [author.slug], full)

    def tag_url(self, tag, request=None, full=False):
        return self._subpage_url(request, "tag", [tag.slug], full)

    def listing_url(self, request=None, author=None, tag=None, full=False):
        """The HTML listing of this index, or of one author or tag in it."""
        if author:
            return self.author_url(author, request, full)
        if tag:
            return self.tag_url(tag, request, full)
        return self.get_full_url(request) if full else self.get_url(request)

    def feed_url(self, feed_format, request=None, author=None, tag=None, full=False):
        if author:
            return self._subpage_url(request, "author_feed", [author.slug, feed_format], full)
        if tag:
            return self._subpage_url(request, "tag_feed", [tag.slug, feed_format], full)
        return self._subpage_url(request, "feed", [feed_format], full)

    def feed_links(self, request=None, author=None, tag=None):
        """The feeds of a listing, for ``<link rel="alternate">``."""
        return [
            {
                "type": mime_type,
                "title": label,
                "url": self.feed_url(feed_format, request, author=author, tag=tag),
            }
            for feed_format, mime_type, label in (
                ("rss", "application/rss+xml", "RSS"),
                ("atom", "application/atom+xml", "Atom"),
            )
        ]

    def _feed(self, request, feed_format, author=None, tag=None):
        # Deferred on purpose: feeds are drawn by newsplugin.pages, the layer above the
        # models (see the import-linter contract in pyproject.toml).
        from ..pages.feeds import FEED_FORMATS, ArticleFeed

        if feed_format not in FEED_FORMATS:
            raise Http404
        return ArticleFeed(self, feed_format, author=author, tag=tag)(request)

    def _listing(self, request, template=None, **context):
        articles = self.get_articles()
        if context.get("author"):
            articles = articles.filter(**by_author(context["author"]))
        if context.get("tag"):
            articles = articles.filter(tagged_items__tag=context["tag"])
        context["articles"] = paginate(request, articles, conf.ARTICLES_PER_PAGE)
        # On an archive (author, tag) this index is a step back too.
        archive = bool(context.get("author") or context.get("tag"))
        context["breadcrumbs"] = self.get_breadcrumbs(request, inclusive=archive)
        context["feeds"] = self.feed_links(
            request, author=context.get("author"), tag=context.get("tag")
        )
        return self.render(request, context_overrides=context, template=template)

    @staticmethod
    def _tag_or_404(slug):
        tag = Tag.objects.filter(slug=slug, pk__in=ArticleTag.objects.values("tag_id")).first()
        if tag is None:
            raise Http404
        return tag

    def get_sitemap_urls(self, request=None):
        """The index itself, then the archive of every author and tag with an article here."""
        urls = super().get_sitemap_urls(request)
        articles = self._live_articles().public()
        # Each author once, as this section's language writes them.
        linked = Author.objects.filter(article_links__article__in=articles.values("pk"))
        authors = {}
        for author in localize_authors(linked.distinct(), self.locale_id):
            authors.setdefault(author.translation_key, author)
        authors = authors.values()
        tags = Tag.objects.filter(
            pk__in=ArticleTag.objects.filter(content_object__in=articles.values("pk")).values(
                "tag_id"
            )
        )
        lastmod = articles.order_by("-last_published_at").values_list(
            "last_published_at", flat=True
        ).first()
        archives = [self.author_url(author, request, full=True) for author in authors]
        archives += [self.tag_url(tag, request, full=True) for tag in tags]
        urls.extend({"location": url, "lastmod": lastmod} for url in archives)
        return urls

    @path("")
    def article_list(self, request):
        return self._listing(request)

    @path("feed/<slug:feed_format>/", name="feed")
    def feed(self, request, feed_format):
        return self._feed(request, feed_format)

    def find_author(self, slug, authors=None):
        """The author whose archive is at ``slug`` here: in this section's language, else
        in any (an article may name an author not yet translated); 404 when none."""
        authors = Author.objects.all() if authors is None else authors
        # This language first, then the others in a stable order.
        found = (
            authors.filter(slug=slug)
            .annotate(here=Case(When(locale_id=self.locale_id, then=0), default=1))
            .order_by("here", "locale_id")
            .first()
        )
        if found is None:
            raise Http404
        return found

    @path("authors/<slug:slug>/", name="author")
    def author_archive(self, request, slug):
        # The portrait with its renditions: nothing read from or written to the cache.
        authors = Author.objects.select_related("photo").prefetch_related(
            PICTURE_SIZES["portrait"].prefetch("photo")
        )
        author = self.find_author(slug, authors)
        return self._listing(request, "newsplugin/author_archive.html", author=author)

    @path("authors/<slug:slug>/feed/<slug:feed_format>/", name="author_feed")
    def author_feed(self, request, slug, feed_format):
        return self._feed(request, feed_format, author=self.find_author(slug))

    # Any slug taggit makes: it keeps letters of every script ("ψυχή"), which <slug:>
    # refuses, and an article linking such a tag could not be shown (HTTP 500).
    @path("tags/<str:slug>/", name="tag")
    def tag_archive(self, request, slug):
        tag = self._tag_or_404(slug)
        return self._listing(request, "newsplugin/tag_archive.html", tag=tag)

    @path("tags/<str:slug>/feed/<slug:feed_format>/", name="tag_feed")
    def tag_feed(self, request, slug, feed_format):
        return self._feed(request, feed_format, tag=self._tag_or_404(slug))




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
    other_sections = ParentalManyToManyField(
        "newsplugin.NewsIndexPage",
        verbose_name=_("also listed in"),
        blank=True,
        related_name="listed_articles",
        help_text=_("Sections that list this article besides the one it lives in."),
    )
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
    comment_policy = models.CharField(
        _("moderation policy"),
        max_length=20,
        blank=True,
        choices=CommentPolicy.choices,
        help_text=_("Leave empty for the site's comment moderation settings."),
    )
    comment_max_links = models.PositiveIntegerField(
        _("hold comments with this many links"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the site's comment moderation settings; 0 turns it off."),
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
    promote_panels = Page.promote_panels + [
        FieldPanel("date"),
        FieldPanel("tags"),
        FieldPanel("other_sections", widget=forms.CheckboxSelectMultiple),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [
                FieldPanel("comments_open"),
                FieldPanel("comments_close_after_days"),
                FieldPanel("comment_policy"),
                FieldPanel("comment_max_links"),
            ],
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
    api_fields = ARTICLE_API_FIELDS
    serving_related = ("lead_image",)
    _approved_comment_count = None
    # Set when the page was found for serving: approved comments, and those that start a thread.
    approved_comments = None
    approved_threads = None

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    @classmethod
    def find_public(cls, object_pk):
        """The live, public article whose primary key is ``object_pk`` (text), or None."""
        pk = whole_number(str(object_pk))
        if pk is None:
            return None
        # With its locale: whoever found it speaks its language next (override_to).
        return without_private(cls.objects.live()).select_related("locale").filter(pk=pk).first()

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
        result = super().save(*args, **kwargs)
        # The search index is written on post_save, before ClusterableModel saves
        # the authors and tags; index again now that they are in the database.
        # Partial saves (e.g. save_revision on a draft) keep the live row: skip them.
        if kwargs.get("update_fields") is None:
            index.insert_or_update_object(self)
        return result

    @property
    def display_date(self):
        return self.date or self.first_published_at or self.latest_revision_created_at

    def get_authors(self):
        """This article's authors, in the editor's order (in-memory during preview), as
        the article's language writes them (a translated article may still name the
        original's authors)."""
        links = self.article_authors.all()
        if "article_authors" not in getattr(self, "_prefetched_objects_cache", {}):
            links = links.select_related("author")
        authors = {}
        for link in links:
            authors.setdefault(link.author_id, link.author)
        if not translations_enabled() or not authors:
            return list(authors.values())
        localized = {}
        for author in localize_authors(authors.values(), self.locale_id):
            localized.setdefault(author.pk, author)
        return list(localized.values())

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
        if not self.comments_open or self.comment_policy == CommentPolicy.CLOSED:
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

    @classmethod
    def serving_annotations(cls, parent):
        # The comment section's totals come with the page: one query fewer.
        return {
            **super().serving_annotations(parent),
            "approved_comments": approved_comment_count(),
            "approved_threads": approved_comment_count(top_level=True),
        }

    def get_comment_count(self):
        """Approved reader comments on this article (structured data and the API show it)."""
        if self._approved_comment_count is None and self.approved_comments is not None:
            self._approved_comment_count = self.approved_comments
        if self._approved_comment_count is None:
            self._approved_comment_count = (
                ArticleComment.objects.for_article(self).approved().count()
            )
        return self._approved_comment_count

    def get_context(self, request, *args, comment_form=None, **kwargs):
        # Deferred on purpose: what an article page shows (bylines, More From Author,
        # comments, sharing data) is built by newsplugin.pages, the layer above the
        # models (see the import-linter contract in pyproject.toml).
        from ..pages.article import article_context

        context = super().get_context(request, *args, **kwargs)
        return article_context(self, request, context, comment_form=comment_form)


def by_author(author):
    """A filter of articles by ``author`` in any of their languages."""
    return {"article_authors__author__translation_key": author.translation_key}


def approved_comment_count(top_level=False):
    """An annotation: approved comments (only those that start a thread, with
    ``top_level``) on each article of a page queryset.

    Counted in django-comments' own table (and xtd's, for the level), not through
    ``ArticleComment``: joined three ways for a correlated count, PostgreSQL hashed
    whole tables of a million comments (300 ms) where a few index lookups do.
    """
    approved = Comment.objects.filter(
        content_type=article_content_type(),
        object_pk=Cast(OuterRef("pk"), CharField()),
        is_public=True,
        is_removed=False,
    ).order_by()
    if top_level:
        # The level looked up comment by comment (an index lookup each): as a join,
        # PostgreSQL hashed all of xtd's table, guessing many comments per article.
        level = XtdComment.objects.filter(comment_ptr=OuterRef("pk")).order_by().values("level")[:1]
        approved = approved.annotate(thread_level=Subquery(level)).filter(thread_level=0)
    counted = approved.annotate(group=Value(1)).values("group").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")), 0)
