from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin_views import CommenterDataView, commenter_data_menu_item
from .models import ArticleComment
from .queue import log_actions
from .queue_views import CommentModerationPermissionPolicy, PendingCommentsSummaryItem
from .viewsets import AuthorViewSet, moderation_queue_viewset

try:  # Wagtail 8
    from wagtail.permissions import register_permission_policy
except ImportError:
    register_permission_policy = None  # Wagtail 7.4

register_snippet(AuthorViewSet)

if register_permission_policy is not None:
    register_permission_policy(ArticleComment, CommentModerationPermissionPolicy(ArticleComment))
else:  # Wagtail 7.4: the viewset's own policy (Wagtail 8 warns about that form)
    type(moderation_queue_viewset).permission_policy = CommentModerationPermissionPolicy(
        ArticleComment
    )


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
