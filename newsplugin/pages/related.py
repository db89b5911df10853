"""More From Author: the links shown beside an article.

The block costs one query however many authors, articles and pins there are:
the articles, pinned and automatic together. Pins live in the article's own row
(a StreamField); the cards' thumbnails are loaded with the page's other
renditions (``newsplugin.pages.article.prefetch_article_renditions``).
"""

import functools
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Q, Value, When
from wagtail.models import Page

from ..conf import conf
from ..languages import language_of
from ..models import ArticleAuthor, ArticlePage, Author, without_private
from ..pictures import RENDITION_IMAGE_FIELDS
from ..prepared import PreparedQuery

# The fields of an article that a link to it needs: its title, date and address.
CARD_FIELDS = (
    "title", "date", "url_path", "path", "depth", "locale", "translation_key", "lead_image",
)


@dataclass(frozen=True)
class RelatedLink:
    title: str
    url: str
    date: datetime | None = None
    image: object = None
    external: bool = False
    # Set when the page linked to is in another language than the article.
    language: str = ""


def more_from_author(article, author_ids, request=None, limit=None):
    """Up to ``limit`` links: the editor's pins first, then the authors' newest articles.

    Never the article itself, a draft, a private page, or the same target twice. All
    in the article's language: the authors' articles in it, and each pinned article's
    translation into it where there is one (a translated article keeps its
    original's pins).
    """
    limit = conf.MORE_FROM_AUTHOR_COUNT if limit is None else limit
    pins = [pin for pin in article.pinned_links.raw_data if pin.get("value")]
    pinned_ids = [pin["value"] for pin in pins if pin["type"] == "article"]

    articles = _related_query(limit)(pinned_ids, list(author_ids), article.locale_id, article.pk)
    found = {page.pk: page for page in articles}
    # Each pinned page's version in the article's language, where it has one.
    in_language = {
        page.translation_key: page for page in found.values()
        if page.pinned and page.locale_id == article.locale_id
    }

    links, seen = [], set()

    def add(key, link):
        if key not in seen and len(links) < limit:
            seen.add(key)
            links.append(link)

    for pin in pins:
        if pin["type"] == "article" and pin["value"] in found:
            page = found[pin["value"]]
            page = in_language.get(page.translation_key, page)
            # Untranslated: the reader is told the link's language (one query, rare).
            foreign = language_of(page) if page.locale_id != article.locale_id else ""
            add(page.pk, _article_link(page, request, foreign))
        elif pin["type"] == "link":
            url, title = pin["value"].get("url", ""), pin["value"].get("title", "")
            # The block validates on save; this guards rows written some other way.
            if url.lower().startswith(("http://", "https://")) and title:
                add(url, RelatedLink(title, url, external=True))
    for page in found.values():
        if not page.pinned and page.locale_id == article.locale_id:
            add(page.pk, _article_link(page, request))
    return links


@functools.cache
def _related_query(limit):
    """The articles More From Author may show (prepared: ``newsplugin.prepared``)."""

    def build(pinned_ids, author_ids, locale_id, article_pk):
        same_language = Q(locale_id=locale_id)
        pinned_keys = Page.objects.filter(pk__in=pinned_ids).values("translation_key")
        is_pinned = Q(pk__in=pinned_ids) | (Q(translation_key__in=pinned_keys) & same_language)
        wanted = is_pinned if pinned_ids else Q(pk__in=[])
        if author_ids:
            # The same people in any language: an article may name the original's authors.
            keys = Author.objects.filter(pk__in=author_ids).values("translation_key")
            by_authors = ArticleAuthor.objects.filter(author__translation_key__in=keys)
            wanted |= Q(pk__in=by_authors.values("article_id")) & same_language
        articles = (
            without_private(ArticlePage.objects.live())
            .filter(wanted)
            .exclude(pk=article_pk)
            .select_related("lead_image")
            # What a card shows and its address need; the rest of an article row is large.
            .only(*CARD_FIELDS, *(f"lead_image__{name}" for name in RENDITION_IMAGE_FIELDS))
        )
        if pinned_ids:
            pinned = Case(When(is_pinned, then=Value(1)), default=Value(0))
            articles = articles.annotate(pinned=pinned).order_by("-pinned", "-date", "-pk")
        else:
            articles = articles.annotate(pinned=Value(0)).order_by("-date", "-pk")
        # A pin and its translation may both come: room for both.
        return articles[: 2 * len(set(pinned_ids)) + limit]

    return PreparedQuery(ArticlePage, build)


def _article_link(page, request, language=""):
    return RelatedLink(page.title, page.get_url(request), page.date, page.lead_image,
                       language=language)
