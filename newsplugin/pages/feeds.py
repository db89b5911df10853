"""RSS 2.0 and Atom feeds of a news index, of an author and of a tag.

Built on Django's syndication framework. Each item carries every author (by
name and archive address, never an email) and the lead photo as a bounded
``media:content`` rendition, never the original file.
"""

import re

from django.contrib.syndication.views import Feed
from django.utils import feedgenerator
from django.utils.translation import gettext as _

from ..conf import conf
from ..languages import language_of
from ..models import by_author, localize_authors
from ..pictures import absolute_url, share_image

MEDIA_NS = "http://search.yahoo.com/mrss/"
DC_NS = "http://purl.org/dc/elements/1.1/"

# XML 1.0 forbids these; Django refuses to write them, which would be HTTP 500.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value):
    """``value`` as text that XML 1.0 can carry (editor input may hold anything)."""
    return _CONTROL_CHARACTERS.sub("", str(value)) if value is not None else None


class MediaFeedMixin:
    """Adds the authors and the lead photo (Media RSS) to each item."""

    def root_attributes(self):
        attrs = super().root_attributes()
        attrs["xmlns:media"] = MEDIA_NS
        return attrs

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        self.add_authors(handler, item["authors"])
        image = item.get("image")
        if image:
            handler.addQuickElement(
                "media:content",
                "",
                {
                    "url": image["url"],
                    "medium": "image",
                    "type": "image/jpeg",
                    "width": str(image["width"]),
                    "height": str(image["height"]),
                },
            )


class ArticleRssFeed(MediaFeedMixin, feedgenerator.Rss201rev2Feed):
    def root_attributes(self):
        attrs = super().root_attributes()
        attrs["xmlns:dc"] = DC_NS
        return attrs

    def add_authors(self, handler, authors):
        # RSS's own <author> must be an email address: Dublin Core names instead.
        for name, _url in authors:
            handler.addQuickElement("dc:creator", name)


class ArticleAtomFeed(MediaFeedMixin, feedgenerator.Atom1Feed):
    def add_authors(self, handler, authors):
        for name, url in authors:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            if url:
                handler.addQuickElement("uri", url)
            handler.endElement("author")


FEED_FORMATS = {
    "rss": ArticleRssFeed,
    "atom": ArticleAtomFeed,
}


class ArticleFeed(Feed):
    """The newest live, public articles of ``index``, optionally of one author or tag.

    Not a URL-routed view: ``NewsIndexPage`` builds one per request, so that the
    feed lives under the index and follows it when the index moves.
    """

    def __init__(self, index, feed_format, author=None, tag=None):
        super().__init__()
        self.index = index
        self.feed_type = FEED_FORMATS[feed_format]
        self.feed_format = feed_format
        self.author = author
        self.tag = tag

    def get_object(self, request, *args, **kwargs):
        self.request = request
        # An attribute, not a method: Django 5.2 reads ``Feed.language`` as one (a method
        # would be printed as its repr), Django 6 calls it when it is callable. The
        # feed's <language> and Atom's xml:lang are those of the index's own locale.
        self.language = language_of(self.index)
        return self.index

    def title(self, index):
        if self.author:
            return xml_text(f"{self.author.name} – {index.title}")
        if self.tag:
            return xml_text(f"{self.tag.name} – {index.title}")
        return xml_text(index.title)

    def link(self, index):
        return index.listing_url(self.request, author=self.author, tag=self.tag, full=True)

    def feed_url(self, index):
        return index.feed_url(
            self.feed_format, self.request, author=self.author, tag=self.tag, full=True
        )

    def description(self, index):
        return xml_text(index.search_description) or _("The latest articles from %(section)s.") % {
            "section": self.title(index)
        }

    def items(self, index):
        articles = index.get_feed_articles()
        if self.author:
            articles = articles.filter(**by_author(self.author))
        if self.tag:
            articles = articles.filter(tagged_items__tag=self.tag)
        articles = list(articles[: conf.FEED_ITEMS])
        # Every item's authors as the feed's language writes them, in one query.
        links = [link.author for article in articles for link in article.article_authors.all()]
        localized = localize_authors(links, index.locale_id)
        self.localized_authors = {
            original.pk: author for original, author in zip(links, localized, strict=True)
        }
        return articles

    def item_title(self, article):
        return xml_text(article.title)

    def item_link(self, article):
        return article.get_full_url(self.request)

    def item_description(self, article):
        return xml_text(article.standfirst)

    def item_pubdate(self, article):
        return article.display_date

    def item_updateddate(self, article):
        return article.last_published_at or article.display_date

    def item_categories(self, article):
        return [xml_text(item.tag.name) for item in article.tagged_items.all()]

    def item_extra_kwargs(self, article):
        authors = {}
        for link in article.article_authors.all():
            author = self.localized_authors.get(link.author_id, link.author)
            authors.setdefault(author.pk, author)
        authors = [
            (xml_text(author.name), self.index.author_url(author, self.request, full=True))
            for author in authors.values()
        ]
        image = None
        rendition = share_image(article.lead_image)
        if rendition is not None:
            image = {
                "url": absolute_url(rendition.url, self.request),
                "width": rendition.width,
                "height": rendition.height,
            }
        return {"authors": authors, "image": image}
