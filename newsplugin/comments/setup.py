"""How newsplugin plugs into django-contrib-comments and django-comments-xtd."""

from django.core.signals import setting_changed
from django.db.models.signals import pre_save
from django.utils.functional import empty
from django.utils.module_loading import import_string
from django_comments.moderation import moderator
from django_comments_xtd.conf import settings as xtd_settings
from django_comments_xtd.models import publish_or_unpublish_on_pre_save

from ..conf import conf
from ..models import ArticleComment, ArticlePage


def connect_comments():
    """Register the article moderator and undo the xtd behaviour this plugin cannot use.

    Called once from ``NewsPluginConfig.ready()``.
    """
    if ArticlePage not in moderator._registry:
        moderator.register(ArticlePage, import_string(conf.COMMENT_MODERATOR))
    # xtd publishes every reply under a comment when that comment is saved public:
    # approving a comment would publish replies no moderator has seen. Threads here
    # hide replies under a comment that is not public, so nothing is needed instead.
    pre_save.disconnect(publish_or_unpublish_on_pre_save, sender=ArticleComment._meta.label)
    setting_changed.connect(reset_xtd_settings, dispatch_uid="newsplugin_reset_xtd_settings")


def reset_xtd_settings(setting, **kwargs):
    """django-comments-xtd copies Django's settings once; copy them again when they change."""
    if setting.startswith("COMMENTS_") or setting == "COMMENT_MAX_LENGTH":
        xtd_settings._wrapped = empty
