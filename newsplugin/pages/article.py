"""What an article page shows besides its own fields.

``ArticlePage.get_context()`` hands its context here: bylines with archive
links, More From Author, the comment section, tags, feeds, and the data other
sites read (Open Graph, Twitter cards, JSON-LD).
"""

from ..comments.threads import comment_section
from ..models import NewsIndexPage
from .related import more_from_author
from .sharing import article_share_metadata, article_structured_data


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
    context["comments"] = comment_section(article, request, form=comment_form)
    # The section counted the approved comments already: structured data reuses it.
    article._approved_comment_count = context["comments"].count
    context["tags"] = [
        (tag, parent.tag_url(tag, request) if has_archives else None)
        for tag in article.tags.all()
    ]
    context["feeds"] = parent.feed_links(request) if has_archives else []
    context["breadcrumbs"] = article.get_breadcrumbs(request)
    context["share"] = article_share_metadata(article, request, context["authors"])
    context["structured_data"] = article_structured_data(
        article, request, context["authors"], section=parent.title if has_archives else None
    )
    return context
