"""Signal handlers that purge cached pages when articles, authors or comments change.

Publishing or unpublishing (or deleting) an article purges the article, its
index, the archives of its authors and tags, and their feeds; editing an author
purges their archives and bylines; a public comment that changes purges its
article. ``connect_signals()`` is called from ``NewsPluginConfig.ready()``.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from ..models import ArticleComment, ArticlePage, Author, FrontPageMixin, NewsIndexPage
from .purge import (
    article_urls,
    author_urls,
    full_urls_for_path,
    index_urls,
    purge_article,
    purge_urls,
    translation_urls,
)


def remember_live_urls(sender, instance, update_fields=None, raw=False, **kwargs):
    """Before a full save, note where the live version appears (old authors, tags, slug)."""
    if raw or update_fields is not None or instance.pk is None:
        return
    live = type(instance).objects.live().filter(pk=instance.pk).first()
    if live is not None:
        instance._newsplugin_previous_urls = article_urls(live)


def on_author_saved(sender, instance, created=False, raw=False, **kwargs):
    if not created and not raw:
        purge_urls(author_urls(instance))


def on_page_published(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        purge_article(instance)
    elif isinstance(instance, NewsIndexPage):
        purge_urls(index_urls(instance) + translation_urls(instance))
    elif isinstance(instance, FrontPageMixin):
        purge_urls(translation_urls(instance))


on_page_unpublished = on_page_published


def on_page_moved(sender, instance, parent_page_before, url_path_before, **kwargs):
    """A moved article leaves its old address and its old index, and appears at the new ones."""
    page = instance.specific
    if not isinstance(page, ArticlePage):
        return
    urls = full_urls_for_path(url_path_before)
    old_parent = parent_page_before.specific
    if isinstance(old_parent, NewsIndexPage):
        urls += index_urls(old_parent)
    purge_urls(urls + (article_urls(page) if page.live else []))


def on_comment_changed(sender, instance, raw=False, **kwargs):
    """Approving, rejecting, editing or deleting a public comment changes the article's pages.

    A comment that was never public (a new post waiting for a moderator) changes
    nothing anyone else sees, so it purges nothing.
    """
    if raw or not (instance.is_public or instance.was_public):
        return
    article = instance.article
    if article is not None:
        purge_article(article)


def connect_signals():
    """Called once from ``NewsPluginConfig.ready()``."""
    post_save.connect(on_comment_changed, sender=ArticleComment, dispatch_uid="newsplugin_comment")
    post_delete.connect(
        on_comment_changed, sender=ArticleComment, dispatch_uid="newsplugin_comment_deleted"
    )

    pre_save.connect(remember_live_urls, sender=ArticlePage, dispatch_uid="newsplugin_live_urls")
    post_save.connect(on_author_saved, sender=Author, dispatch_uid="newsplugin_purge_author")
    page_published.connect(on_page_published, dispatch_uid="newsplugin_purge_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="newsplugin_purge_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="newsplugin_purge_moved")
