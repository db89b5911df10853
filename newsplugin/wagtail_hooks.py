"""What newsplugin adds to the Wagtail admin and to page serving; registration only."""

from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .cache.middleware import mark_news_pages_cacheable
from .moderation.compat import register_queue_permission_policy
from .moderation.decisions import log_actions
from .moderation.views import PendingCommentsSummaryItem
from .moderation.viewsets import moderation_queue_viewset
from .privacy.views import CommenterDataView, commenter_data_menu_item
from .viewsets import AuthorViewSet, SectionModeratorsViewSet

register_snippet(AuthorViewSet)
register_snippet(SectionModeratorsViewSet)
register_queue_permission_policy(moderation_queue_viewset)

# After Wagtail's own hooks (order 0): a page answered with a password form is never marked.
hooks.register("before_serve_page", mark_news_pages_cacheable, order=100)


@hooks.register("register_admin_viewset")
def register_moderation_queue():
    return moderation_queue_viewset


@hooks.register("construct_homepage_summary_items")
def add_pending_comments_summary(request, items):
    items.append(PendingCommentsSummaryItem(request))


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    for action, label, message in log_actions():
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_commenter_data_url():
    return [
        path(
            "newsplugin/commenter-data/",
            CommenterDataView.as_view(),
            name="newsplugin_commenter_data",
        ),
    ]


@hooks.register("register_settings_menu_item")
def register_commenter_data_menu_item():
    return commenter_data_menu_item()
