"""The newsroom: authors, news indexes and articles."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import CharField, Count, Exists, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Cast, Coalesce, Length, Substr
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _
from django_comments.managers import CommentManager
from django_comments_xtd.models import XtdComment
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model, get_image_model_string
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from .api import ARTICLE_API_FIELDS
from .blocks import ArticleBodyBlock, PinnedLinksBlock
from .conf import conf
from .panels import AuthorsPanel
from .pictures import PICTURE_SIZES, SHARE_IMAGE_SPECS
from .privacy import stored_ip_address
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


def find_public_article(object_pk):
    """The live, public article whose primary key is ``object_pk`` (text), or None."""
    object_pk = str(object_pk)
    # ASCII digits only ("٣".isdigit() is true), and small enough for the database.
    if not (object_pk.isascii() and object_pk.isdigit() and len(object_pk) <= 18):
        return None
    return without_private(ArticlePage.objects.live()).filter(pk=int(object_pk)).first()


class NewsPageMixin:
    """What every newsplugin page shares."""

    def get_absolute_url(self):
        # django-comments-xtd and other Django apps expect this; Wagtail pages lack it.
        return self.get_url()

    def serve(self, request, *args, **kwargs):
        from .cache import mark_cacheable

        # Only newsplugin pages go into the anonymous page cache (newsplugin.cache).
        mark_cacheable(request)
        return super().serve(request, *args, **kwargs)


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


class ModerationStatus(models.TextChoices):
    """Where a reader comment stands; only approved comments are public."""

    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    SPAM = "spam", _("Spam")
    REJECTED = "rejected", _("Rejected")


class CommentPolicy(models.TextChoices):
    """What happens to a guest comment that trips no rule."""

    HOLD_ALL = "hold_all", _("Hold every guest comment for moderation")
    HOLD_FIRST_TIME = "hold_first_time", _(
        "Hold first-time commenters; publish those with an approved comment"
    )
    PUBLISH = "publish", _("Publish unless a rule holds the comment")
    CLOSED = "closed", _("Closed: accept no comments")


@register_setting(icon="site")
class NewsSettings(BaseSiteSetting):
    """Per-site newsroom settings: who publishes, for structured data and news sitemaps."""

    publisher_name = models.CharField(
        _("publisher name"),
        max_length=255,
        blank=True,
        help_text=_("The news organisation; leave empty to use the site name."),
    )
    publisher_logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("publisher logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown by search engines beside your articles; a wide logo works best."),
    )

    panels = [FieldPanel("publisher_name"), FieldPanel("publisher_logo")]
    select_related = ["publisher_logo"]

    class Meta:
        verbose_name = _("news settings")

    def get_publisher_name(self):
        return self.publisher_name or self.site.site_name or getattr(
            settings, "WAGTAIL_SITE_NAME", ""
        )


class NewsIndexPage(NewsPageMixin, RoutablePageMixin, Page):
    """A section of the site that holds articles, and the authors' archives under it."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["newsplugin.ArticlePage"]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def _live_articles(self):
        return without_private(ArticlePage.objects.live().descendant_of(self)).order_by(
            "-date", "-pk"
        )

    def get_articles(self):
        """Live, public articles in this section, newest first."""
        return (
            self._live_articles()
            .select_related("lead_image")
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
        from .feeds import FEED_FORMATS, ArticleFeed

        if feed_format not in FEED_FORMATS:
            raise Http404
        return ArticleFeed(self, feed_format, author=author, tag=tag)(request)

    def _listing(self, request, template=None, **context):
        articles = self.get_articles()
        if context.get("author"):
            articles = articles.filter(article_authors__author=context["author"])
        if context.get("tag"):
            articles = articles.filter(tagged_items__tag=context["tag"])
        context["articles"] = paginate(request, articles, conf.ARTICLES_PER_PAGE)
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
        authors = Author.objects.filter(
            article_links__article__in=articles.values("pk")
        ).distinct()
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

    @path("authors/<slug:slug>/", name="author")
    def author_archive(self, request, slug):
        author = get_object_or_404(Author, slug=slug)
        return self._listing(request, "newsplugin/author_archive.html", author=author)

    @path("authors/<slug:slug>/feed/<slug:feed_format>/", name="author_feed")
    def author_feed(self, request, slug, feed_format):
        return self._feed(request, feed_format, author=get_object_or_404(Author, slug=slug))

    @path("tags/<slug:slug>/", name="tag")
    def tag_archive(self, request, slug):
        tag = self._tag_or_404(slug)
        return self._listing(request, "newsplugin/tag_archive.html", tag=tag)

    @path("tags/<slug:slug>/feed/<slug:feed_format>/", name="tag_feed")
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
    promote_panels = Page.promote_panels + [FieldPanel("date"), FieldPanel("tags")]
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
    _approved_comment_count = None

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
        """This article's authors, in the editor's order (in-memory during preview)."""
        links = self.article_authors.all()
        if "article_authors" not in getattr(self, "_prefetched_objects_cache", {}):
            links = links.select_related("author")
        authors = {}
        for link in links:
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

    def get_comment_count(self):
        """Approved reader comments on this article (structured data and the API show it)."""
        if self._approved_comment_count is None:
            self._approved_comment_count = (
                ArticleComment.objects.for_article(self).approved().count()
            )
        return self._approved_comment_count

    def get_context(self, request, *args, comment_form=None, **kwargs):
        from .related import more_from_author
        from .sharing import article_share_metadata, article_structured_data
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
        # The section counted the approved comments already: structured data reuses it.
        self._approved_comment_count = context["comments"].count
        context["tags"] = [
            (tag, parent.tag_url(tag, request) if has_archives else None)
            for tag in self.tags.all()
        ]
        context["feeds"] = parent.feed_links(request) if has_archives else []
        context["share"] = article_share_metadata(self, request, context["authors"])
        context["structured_data"] = article_structured_data(self, request, context["authors"])
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


@register_setting(icon="comment")
class ModerationSettings(BaseSiteSetting):
    """Per-site moderation rules; an article may override the policy and the link limit.

    Lists hold one entry a line; word lists match whole words, case-insensitively.
    """

    policy = models.CharField(
        _("policy"), max_length=20, choices=CommentPolicy.choices, default=CommentPolicy.HOLD_ALL
    )
    max_links = models.PositiveIntegerField(
        _("hold comments with this many links"),
        default=2,
        help_text=_("0 turns this rule off."),
    )
    hold_words = models.TextField(
        _("hold words"), blank=True, help_text=_("One word or phrase a line: hold the comment.")
    )
    block_words = models.TextField(
        _("block words"), blank=True, help_text=_("One word or phrase a line: send it to Spam.")
    )
    blocked_emails = models.TextField(
        _("blocked emails"), blank=True, help_text=_("One address a line: send it to Spam.")
    )
    blocked_domains = models.TextField(
        _("blocked email domains"),
        blank=True,
        help_text=_("One domain a line (example.com): send it to Spam."),
    )
    blocked_ips = models.TextField(
        _("blocked IP addresses"), blank=True, help_text=_("One address a line: send it to Spam.")
    )
    flood_seconds = models.PositiveIntegerField(
        _("seconds between two comments from one reader"),
        default=15,
        help_text=_(
            "A second comment from the same IP address or email sooner is refused; "
            "0 turns this off."
        ),
    )

    panels = [
        FieldPanel("policy"),
        FieldPanel("max_links"),
        FieldRowPanel([FieldPanel("hold_words"), FieldPanel("block_words")]),
        MultiFieldPanel(
            [
                FieldPanel("blocked_emails"),
                FieldPanel("blocked_domains"),
                FieldPanel("blocked_ips"),
            ],
            heading=_("Blocked senders"),
        ),
        FieldPanel("flood_seconds"),
    ]

    class Meta:
        verbose_name = _("comment moderation")


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


class ArticleComment(XtdComment):
    """A reader's comment on an article, stored by django-comments-xtd.

    ``comment`` keeps exactly what the reader sent, for moderators;
    ``comment_html`` is its sanitised form, made once when the comment is saved,
    and is what the public page shows. ``is_public`` is False until a moderator
    approves the comment.
    """

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
        if self._state.adding and self.ip_address:
            # Only a truncated or keyed-hashed address is ever stored (privacy.py).
            self.ip_address = stored_ip_address(self.ip_address)
        super().save(*args, **kwargs)
        self.was_public = self.is_public

    @property
    def article(self):
        """The live, public article this comment belongs to, or None."""
        return find_public_article(self.object_pk)

    def sync_public_flag(self):
        """Keep ``is_public`` (threads and counts read it) in step with the status.

        Code that publishes or hides a comment by ``is_public`` alone (xtd,
        older sites) moves the status with it; otherwise the status decides.
        """
        approved = self.moderation_status == ModerationStatus.APPROVED
        if self.is_public and not approved:
            if self.moderation_status == ModerationStatus.PENDING:
                self.moderation_status = ModerationStatus.APPROVED
            else:
                self.is_public = False
        elif approved and not self.is_public:
            self.moderation_status = ModerationStatus.PENDING

    def get_article(self):
        """The article in any state (drafts too), for moderators; see ``article``."""
        return ArticlePage.objects.filter(pk=self.object_pk).first()

    def __str__(self):
        return f"{self.user_name}: {self.comment[:50]}"

    @property
    def depth(self):
        """1 for a comment on the article, 2 for a reply to it, and so on."""
        return self.level + 1
