"""The newsroom's pages: news indexes (sections) and articles."""

import functools
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
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
from django.dispatch import receiver
from django.http import Http404, HttpRequest
from django.template.response import SimpleTemplateResponse
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _
from django_comments.models import Comment
from django_comments_xtd.models import XtdComment
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model, get_image_model_string
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.search import index

from ..api import ARTICLE_API_FIELDS
from ..blocks import ArticleBodyBlock, PinnedLinksBlock
from ..conf import conf
from ..languages import (
    content_languages,
    language_of,
    override_to,
    site_root_paths,
    translations_enabled,
)
from ..numbers import whole_number
from ..panels import AuthorsPanel
from ..pictures import PICTURE_SIZES, SHARE_IMAGE_SPECS, prefetch_renditions
from ..prepared import PreparedQuery
from .authors import ArticleAuthor, Author, localize_authors
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


# Pages' addresses (Page.get_url_parts()) by what they depend on; emptied when full
# and when settings change (tests).
_URL_PARTS = {}
_URL_PARTS_MAX = 20_000
# A section's routes reversed (NewsIndexPage.reverse_subpage()), likewise.
_SUBPAGE_PATHS = {}
_UNKNOWN = object()


def _address_context(request):
    """What else than a page's path and the language its address depends on: the sites'
    root paths (Wagtail's, read once per request), the site asked for, the URLconf and
    the script prefix."""
    try:
        return request._newsplugin_address_context
    except AttributeError:
        site = Site.find_for_request(request) if isinstance(request, HttpRequest) else None
        context = (
            tuple(site_root_paths(request)),
            site.pk if site else None,
            get_urlconf(),
            get_script_prefix(),
        )
        request._newsplugin_address_context = context
        return context


@functools.cache
def _addresses_are_wagtails(cls):
    """Whether ``cls`` gets its addresses from Wagtail's own ``get_url_parts()`` (no other
    class between NewsPageMixin and Page's overrides it)."""
    mro = cls.__mro__
    below = mro[mro.index(NewsPageMixin) + 1:]
    owner = next(c for c in below if "get_url_parts" in c.__dict__)
    return owner.__module__.startswith("wagtail.")


@receiver(setting_changed)
def _forget_addresses(**kwargs):
    _URL_PARTS.clear()
    _SUBPAGE_PATHS.clear()


class NewsPageMixin:
    """What every newsplugin page shares."""

    # False when the query that found the page for serving (ChildPageRoutingMixin)
    # saw that no view restriction can apply to it.
    may_have_view_restrictions = None

    def get_absolute_url(self):
        # django-comments-xtd and other Django apps expect this; Wagtail pages lack it.
        return self.get_url()

    def get_url_parts(self, request=None):
        # A page asks for its own address many times while it renders (breadcrumbs,
        # feeds, each author's and tag's archive link): work it out once per request.
        if request is None:
            return super().get_url_parts(request)
        memo = self.__dict__.get("_url_parts_memo")
        if memo is not None and memo[0] is request:
            return memo[1]
        if not _addresses_are_wagtails(type(self)):
            parts = super().get_url_parts(request)
            self._url_parts_memo = (request, parts)
            return parts
        # And an address is a function of the page's path, the sites' root paths, the
        # site asked for, the active language and the URLconf: kept for those, as a
        # listing's cards and the site's sections ask for the same ones on every request.
        key = (type(self), self.url_path, _address_context(request), translation.get_language())
        parts = _URL_PARTS.get(key, _UNKNOWN)
        if parts is _UNKNOWN:
            parts = super().get_url_parts(request)
            if len(_URL_PARTS) >= _URL_PARTS_MAX:
                _URL_PARTS.clear()
            _URL_PARTS[key] = parts
        self._url_parts_memo = (request, parts)
        return parts

    @property
    def content_language(self):
        """The language code of this page's locale (``newsplugin.languages``)."""
        return language_of(self)

    @property
    def localized(self):
        """Wagtail's ``localized`` (this page's live translation in the active language,
        else the page itself) without looking the active locale up first: Wagtail
        routes every request from ``site.root_page.localized``, and that lookup was a
        query on every page. Here the page's own language needs none when its locale
        was loaded with it (``newsplugin.sites`` loads the site's home page so), and a
        translation is one prepared query; any other case is Wagtail's."""
        if not translations_enabled():
            return self
        try:
            active = get_supported_content_language_variant(translation.get_language())
        except LookupError:
            return super().localized
        if language_of(self) == active:
            return self
        found = _translation_in(type(self)).first(self.translation_key, active)
        # None: no live translation, or no locale for the language: as Wagtail decides.
        return found if found is not None else super().localized

    def serve(self, request, *args, **kwargs):
        """The page in its own language, whatever the address asked for: its strings,
        dates and links (``Content-Language`` says which)."""
        if not translations_enabled():
            return super().serve(request, *args, **kwargs)
        if "locale" not in self._state.fields_cache:
            self._locale_from_site_roots(request)
        with override_to(self):
            response = super().serve(request, *args, **kwargs)
            # A template response renders later, outside this language: render it now.
            if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
                response.render()
        response.headers.setdefault("Content-Language", self.content_language)
        return response

    def _locale_from_site_roots(self, request):
        """A site's home page (or its translation) is served without routing, which
        loads other pages' locales: Wagtail's site root paths, which its URLs read
        anyway, name its language."""
        for root in site_root_paths(request):
            if root.root_path == self.url_path:
                self.locale = Locale(pk=self.locale_id, language_code=root.language_code)
                return

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
    def serving_annotations(cls, content_type_id):
        """Annotations on the query that finds pages of this type along an address to
        serve them (see ``ChildPageRoutingMixin``), worked out for each page it finds;
        ``content_type_id`` is the articles' (what comments on articles carry)."""
        own = Q(page_id=OuterRef("pk")) | Q(page_id=OuterRef("alias_of_id"))
        annotations = {"has_own_view_restriction": Exists(PageViewRestriction.objects.filter(own))}
        return {**annotations, **_translation_annotations()}

    def routed_translations(self):
        """{language: url_path} of this page's live, public translations, as the query
        that found it for serving saw them; None when no such query found it."""
        if not translations_enabled():
            return None
        found = {}
        for n, (code, _name) in enumerate(content_languages()):
            name = f"{_ROUTED_TRANSLATION}{n}"
            if name not in self.__dict__:
                return None
            if self.__dict__[name]:
                found[code] = self.__dict__[name]
        return found


_ROUTED_TRANSLATION = "routed_translation_"


@functools.cache
def _translation_in(model):
    """The live translation of a page of ``model`` into a language, with its locale and
    its own translations' addresses (prepared)."""

    def build(translation_key, language_code):
        return (
            model.objects.live()
            .filter(translation_key=translation_key, locale__language_code=language_code)
            .select_related("locale")
            .annotate(**_translation_annotations())
        )

    return PreparedQuery(model, build)


def page_for_serving(page):
    """A site's home page (``page``, a ``NewsPageMixin`` page's row), which Wagtail
    serves without routing, as routing would have found it: its own class, its
    locale, whether a view restriction may apply, and its translations' addresses,
    in one prepared query; None when its row is gone."""
    found = _serving_query(page.specific_class).first(page.pk, _ancestor_paths(page))
    if found is not None:
        found.may_have_view_restrictions = found.restricted
    return found


@functools.cache
def _serving_query(model):
    def build(pk, paths):
        # The page's own restrictions and those above it (an alias counts as its source).
        restrictions = PageViewRestriction.objects.filter(_view_restrictions(paths))
        return (
            model.objects.filter(pk=pk)
            .select_related("locale")
            .annotate(restricted=Exists(restrictions), **_translation_annotations())
        )

    return PreparedQuery(model, build)


def _translation_annotations():
    """The language switcher's links: the address of the page's live, public
    translation in each language (``routed_translations()``); none while content
    localisation is off."""
    if not translations_enabled():
        return {}
    annotations = {}
    for n, (code, _name) in enumerate(content_languages()):
        live_translation = without_private(
            Page.objects.live().filter(
                translation_key=OuterRef("translation_key"), locale__language_code=code
            )
        ).exclude(pk=OuterRef("pk"))
        annotations[f"{_ROUTED_TRANSLATION}{n}"] = Subquery(live_translation.values("url_path")[:1])
    return annotations


# How many levels of an address one routing query looks up; deeper pages take another.
ROUTING_DEPTH = 8


def _serving_annotations(models, content_type_id):
    annotations = {}
    for model in models:
        annotations.update(getattr(model, "serving_annotations", dict)(content_type_id))
    return annotations


@functools.cache
def _routing_query(routing_class):
    """The query that finds the pages along an address below a page of ``routing_class``
    (prepared once per process: ``newsplugin.prepared``)."""
    models = routing_class._serving_models()
    related = ["locale"]
    for model, accessor in models.items():
        related.append(accessor)
        related.extend(f"{accessor}__{path}" for path in getattr(model, "serving_related", ()))

    def build(path, components, url_paths, above_paths, content_type_id):
        above = PageViewRestriction.objects.filter(_view_restrictions(above_paths))
        annotations = _serving_annotations(models, content_type_id)
        query.annotation_names = list(annotations)  # the same for every build
        return (
            Page.objects.filter(slug__in=components, url_path__in=url_paths, path__startswith=path)
            .select_related(*related)
            .annotate(**annotations, restricted_above=Exists(above))
        )

    query = PreparedQuery(Page, build)
    query.annotation_names = list(_serving_annotations(models, 0))
    return query


class ChildPageRoutingMixin:
    """Routes down an address in one query: every page along it, with its own fields.

    Wagtail's ``Page.route()`` takes two queries for each level of the address (the
    page, then its own fields). Here the pages at each level of the rest of the
    address (found by their ``url_path``, which Wagtail keeps for every page's URL)
    come in one query, with the fields of the types in ``subpage_types`` (and of
    theirs, for the routing pages among them: a news index's sections and articles).
    Those classes may add ``serving_related`` (``select_related()`` paths) and
    ``serving_annotations()`` to that query, as newsplugin's pages do (whether a view
    restriction may apply, which spares Wagtail's restriction check its two queries;
    whether a page has translations; an article's lead photo and comment totals). A
    page of another type costs one more query, as with Wagtail. Each page's own
    ``route()`` still decides (a ``RoutablePageMixin`` route first, a draft is not
    served). Used by ``NewsIndexPage``; a site's home page above the news indexes
    may use it too. Put it after ``RoutablePageMixin``, whose own routes come first.
    """

    # Set on the pages this one found: the pages further down the address, or None when
    # the lookup stopped at ROUTING_DEPTH (the last page found looks further itself).
    _routing_chain = None

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        chain = self._routing_chain
        if chain is None:
            chain = self._find_along(path_components)
        if not chain or chain[0].slug != path_components[0]:
            raise Http404
        return chain[0].route(request, path_components[1:])

    @classmethod
    def _serving_models(cls):
        """{model: accessor from Page} of the page types routing may meet below this one."""
        found, todo = {}, [cls]
        while todo:
            for model in todo.pop().clean_subpage_models():
                link = model._meta.parents.get(Page)
                if model in found or link is None:  # not a direct subclass of Page
                    continue
                found[model] = link.remote_field.get_accessor_name()
                if issubclass(model, ChildPageRoutingMixin):
                    todo.append(model)
        return found

    def _find_along(self, path_components):
        """The pages at each level of ``path_components`` below this one, down to the
        first level with none, each with its fields and what the routing query learnt."""
        components = list(path_components[:ROUTING_DEPTH])
        url_paths = [
            self.url_path + "".join(f"{slug}/" for slug in components[:n])
            for n in range(1, len(components) + 1)
        ]
        models = self._serving_models()
        query = _routing_query(type(self))
        rows = query(
            self.path,
            components,
            url_paths,
            # Restrictions on this page and those above it apply to every page below.
            _ancestor_paths(self),
            article_content_type().pk,
        )
        annotations = query.annotation_names
        by_url_path = {row.url_path: row for row in rows}
        chain, parent, restricted = [], self, None
        for depth, url_path in enumerate(url_paths, start=self.depth + 1):
            row = by_url_path.get(url_path)
            if row is None or row.depth != depth:
                break
            accessor = models.get(row.specific_class)
            # A page of another type (a section in a section) costs one more query.
            page = getattr(row, accessor) if accessor else row.specific
            for name in annotations:
                setattr(page, name, getattr(row, name))
            restricted = row.restricted_above if restricted is None else restricted
            restricted = restricted or row.has_own_view_restriction
            page.may_have_view_restrictions = restricted
            page.locale = row.locale  # the page's language, without a query
            # As Page.route(): the parent is known, so get_parent() needs no query.
            page._cached_parent_obj = parent
            chain.append(page)
            parent = page
        for n, page in enumerate(chain):
            page._routing_chain = chain[n + 1:]
        if chain and len(chain) == len(url_paths) == ROUTING_DEPTH:
            chain[-1]._routing_chain = None  # deeper still: it looks for itself
        return chain


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
        return _section_articles(self.path, self.depth, self.translation_key, self.locale_id)

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

    def reverse_subpage(self, name, args=None, kwargs=None):
        # Every byline, tag and feed link reverses one of this class's routes: kept per
        # class, route, arguments and language (bounded, emptied when settings change).
        if kwargs or not all(isinstance(arg, str) for arg in args or ()):
            return super().reverse_subpage(name, args, kwargs)
        key = (type(self), name, tuple(args or ()), translation.get_language())
        found = _SUBPAGE_PATHS.get(key)
        if found is None:
            found = super().reverse_subpage(name, args)
            if len(_SUBPAGE_PATHS) >= _URL_PARTS_MAX:
                _SUBPAGE_PATHS.clear()
            _SUBPAGE_PATHS[key] = found
        return found

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
        articles = ListingArticles(self, author=context.get("author"), tag=context.get("tag"))
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

    def find_author(self, slug, with_photo=False):
        """The author whose archive is at ``slug`` here: in this section's language, else
        in any (an article may name an author not yet translated); 404 when none.
        ``with_photo``: the portrait comes with them (its renditions come with the
        archive's cards: ``ListingArticles``)."""
        query = _AUTHOR_WITH_PHOTO_AT if with_photo else _AUTHOR_AT
        found = query.first(slug, self.locale_id)
        if found is None:
            raise Http404
        return found

    @path("authors/<slug:slug>/", name="author")
    def author_archive(self, request, slug):
        author = self.find_author(slug, with_photo=True)
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




def _section_articles(path, depth, translation_key, locale_id):
    """Live, public articles below the section at ``path`` and those listed in it (or in
    another language's version of it: a translated article keeps the sections its
    original was listed in), newest first."""
    listed_here = ArticlePage.other_sections.through.objects.filter(
        newsindexpage__translation_key=translation_key
    ).values("articlepage_id")
    articles = ArticlePage.objects.live().filter(
        Q(path__startswith=path, depth__gt=depth) | Q(pk__in=listed_here, locale_id=locale_id)
    )
    return without_private(articles).order_by("-date", "-pk")


def card_articles(path, depth, translation_key, locale_id, content_type_id):
    """``_section_articles()`` with what a card shows (the lead photo, the comment
    count), for prepared queries: the card's thumbnails are the caller's to load."""
    return (
        _section_articles(path, depth, translation_key, locale_id)
        .select_related("lead_image")
        # A card shows neither; they are most of an article's row.
        .defer("body", "pinned_links")
        .annotate(comment_count=approved_comment_count(content_type_id=content_type_id))
    )


def card_values(index):
    """The values ``card_articles()`` takes for the section ``index``."""
    return (
        index.path, index.depth, index.translation_key, index.locale_id,
        article_content_type().pk,
    )


@functools.lru_cache(maxsize=128)
def _listing_query(archive, window):
    """A listing's count (``window`` None) or one page of its cards (``window`` is
    (start, stop)), of a section (``archive`` None) or of an author's or a tag's
    archive in it, prepared (``newsplugin.prepared``). The count takes the section's
    values, the cards ``card_values()``; then the author's or the tag's."""

    def build(*values):
        if window is None:
            articles, archive_value = _section_articles(*values[:4]), values[4:]
        else:
            articles, archive_value = card_articles(*values[:5]), values[5:]
        if archive == "author":
            articles = articles.filter(article_authors__author__translation_key=archive_value[0])
        elif archive == "tag":
            articles = articles.filter(tagged_items__tag_id=archive_value[0])
        if window is None:
            counted = articles.order_by().annotate(listing=Value(1)).values("listing")
            return counted.annotate(n=Count("pk")).values_list("n", flat=True)
        return articles[window[0] : window[1]]

    return PreparedQuery(ArticlePage, build)


@functools.lru_cache(maxsize=8)
def _public_article_query(model):
    """The live, public article with a primary key, prepared: the comment token and
    every post look it up."""
    return PreparedQuery(
        model,
        # With its locale: whoever found it speaks its language next (override_to).
        lambda pk: without_private(model.objects.live()).select_related("locale").filter(pk=pk)[:1],
    )


class ListingArticles:
    """The cards of a section's listing, or of an author's or a tag's archive in it, as
    ``Paginator`` reads them: ``count()`` and one slice, each a prepared query, the
    slice with its thumbnails (what ``NewsIndexPage.get_articles()`` gives, filtered)
    and the author's portrait, in one query."""

    def __init__(self, index, author=None, tag=None):
        self.archive = "author" if author else "tag" if tag else None
        self.archive_value = [author.translation_key] if author else [tag.pk] if tag else []
        self.values = card_values(index)
        self._count = None
        # The portrait when it came with the author (an archive page), never a query for it.
        photo = author.photo if author and Author.photo.is_cached(author) else None
        self._portrait = [(photo, PICTURE_SIZES["portrait"].all_specs())] if photo else []

    def count(self):
        if self._count is None:
            # The section's values, without the content type (only the cards count
            # their comments).
            values = (*self.values[:4], *self.archive_value)
            counts = _listing_query(self.archive, None)(*values)
            self._count = counts[0] if counts else 0
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice) or item.step is not None:
            raise TypeError("ListingArticles takes a slice")
        start, stop = item.start or 0, item.stop
        if stop is None or stop <= start:
            prefetch_renditions(*self._portrait)
            return []
        articles = _listing_query(self.archive, (start, stop))(*self.values, *self.archive_value)
        specs = PICTURE_SIZES["thumbnail"].all_specs()
        prefetch_renditions(
            *((article.lead_image, specs) for article in articles), *self._portrait
        )
        return articles


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
        return _public_article_query(cls).first(pk)

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
        if self._related_in_memory("article_authors"):
            links = self.article_authors.all()
            if "article_authors" not in getattr(self, "_prefetched_objects_cache", {}):
                links = links.select_related("author")
        else:
            links = _AUTHOR_LINKS(self.pk)
        authors = {}
        for link in links:
            authors.setdefault(link.author_id, link.author)
        if not translations_enabled() or not authors:
            return list(authors.values())
        localized = {}
        for author in localize_authors(authors.values(), self.locale_id):
            localized.setdefault(author.pk, author)
        return list(localized.values())

    def get_tags(self):
        """This article's tags, in the order they were added (in-memory during preview)."""
        if self._related_in_memory("tagged_items"):
            return list(self.tags.all())
        return _TAGS(self.pk)

    def _related_in_memory(self, name):
        """Whether the ``name`` relation is held in memory (a preview, a prefetch) or the
        article is unsaved: then it is read as Django and modelcluster read it."""
        return (
            self.pk is None
            or name in getattr(self, "_cluster_related_objects", {})
            or name in getattr(self, "_prefetched_objects_cache", {})
        )

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
    def serving_annotations(cls, content_type_id):
        # The comment section's totals come with the page: one query fewer.
        return {
            **super().serving_annotations(content_type_id),
            "approved_comments": approved_comment_count(content_type_id=content_type_id),
            "approved_threads": approved_comment_count(
                top_level=True, content_type_id=content_type_id
            ),
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


def _author_at(slug, locale_id, with_photo=False):
    authors = Author.objects.select_related("photo") if with_photo else Author.objects.all()
    # This language first, then the others in a stable order.
    return (
        authors.filter(slug=slug)
        .annotate(here=Case(When(locale_id=locale_id, then=0), default=1))
        .order_by("here", "locale_id")[:1]
    )


# An author archive's author, with its portrait or without (prepared: newsplugin.prepared).
_AUTHOR_AT = PreparedQuery(Author, _author_at)
_AUTHOR_WITH_PHOTO_AT = PreparedQuery(
    Author, lambda slug, locale_id: _author_at(slug, locale_id, with_photo=True)
)


# An article's bylines and its tags, as a saved article reads them (prepared queries:
# newsplugin.prepared).
_AUTHOR_LINKS = PreparedQuery(
    ArticleAuthor,
    lambda pk: ArticleAuthor.objects.filter(article_id=pk).select_related("author"),
)
_TAGS = PreparedQuery(
    Tag,
    lambda pk: Tag.objects.filter(newsplugin_articletag_items__content_object_id=pk).order_by(
        "newsplugin_articletag_items__id"
    ),
)


def by_author(author):
    """A filter of articles by ``author`` in any of their languages."""
    return {"article_authors__author__translation_key": author.translation_key}


def approved_comment_count(top_level=False, content_type_id=None):
    """An annotation: approved comments (only those that start a thread, with
    ``top_level``) on each article of a page queryset.

    Counted in django-comments' own table (and xtd's, for the level), not through
    ``ArticleComment``: joined three ways for a correlated count, PostgreSQL hashed
    whole tables of a million comments (300 ms) where a few index lookups do.
    """
    if content_type_id is None:
        content_type_id = article_content_type().pk
    approved = Comment.objects.filter(
        content_type_id=content_type_id,
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
