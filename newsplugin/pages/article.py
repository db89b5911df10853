"""What an article page shows besides its own fields.

``ArticlePage.get_context()`` hands its context here: bylines with archive
links, More From Author, the comment section, tags, feeds, and the data other
sites read (Open Graph, Twitter cards, JSON-LD).
"""

from ..blocks import CaptionedImageBlock
from ..comments.threads import comment_section
from ..models import NewsIndexPage
from ..pictures import PICTURE_SIZES, SHARE_IMAGE_SPECS, prefetch_renditions
from .related import more_from_author
from .sharing import (
    PUBLISHER_LOGO_SPEC,
    article_share_metadata,
    article_structured_data,
    news_settings_for,
)


def article_context(article, request, context, comment_form=None):
    """``context`` with everything ``newsplugin/article_page.html`` shows about ``article``."""
    # specific_deferred: the right class without a second query for its fields.
    parent = article.get_parent().specific_deferred
    authors = article.get_authors()
    has_archives = isinstance(parent, NewsIndexPage)
    context["authors"] = [
        (author, parent.author_url(author, request) if has_archives else None)
        for author in authors
    ]
    context["more_from_author"] = more_from_author(article, [a.pk for a in authors], request)
    news_settings = news_settings_for(request)
    prefetch_article_renditions(article, context["more_from_author"], news_settings)
    context["comments"] = comment_section(article, request, form=comment_form)
    # The section counted the approved comments already: structured data reuses it.
    article._approved_comment_count = context["comments"].count
    context["tags"] = [
        (tag, parent.tag_url(tag, request) if has_archives else None)
        for tag in article.get_tags()
    ]
    context["feeds"] = parent.feed_links(request) if has_archives else []
    context["breadcrumbs"] = article.get_breadcrumbs(request)
    context["share"] = article_share_metadata(
        article, request, context["authors"], news_settings
    )
    context["structured_data"] = article_structured_data(
        article,
        request,
        context["authors"],
        news_settings,
        section=parent.title if has_archives else None,
    )
    return context


def body_images(article):
    """The images of the article's body blocks, in order."""
    return [
        child.value["image"]
        for child in article.body
        if isinstance(child.block, CaptionedImageBlock) and child.value["image"]
    ]


def prefetch_article_renditions(article, related_links, news_settings):
    """Every rendition the article page shows, in one query: the lead photo (its
    picture and the sharing sizes), the body's images, the More From Author cards
    and the publisher's logo."""
    body_specs = PICTURE_SIZES["body"].all_specs()
    thumbnail_specs = PICTURE_SIZES["thumbnail"].all_specs()
    prefetch_renditions(
        (article.lead_image, [*PICTURE_SIZES["lead"].all_specs(), *SHARE_IMAGE_SPECS.values()]),
        *((image, body_specs) for image in body_images(article)),
        *((link.image, thumbnail_specs) for link in related_links),
        (news_settings.publisher_logo if news_settings else None, [PUBLISHER_LOGO_SPEC]),
    )
