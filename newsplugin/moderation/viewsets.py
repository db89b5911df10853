"""The moderation queue, put together from its views as a Wagtail viewset."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import ArticleComment
from . import views


class ModerationQueueViewSet(ModelViewSet):
    """The comment moderation queue: Pending, Approved, Spam and Rejected comments.

    Only users with ``newsplugin.moderate_comment`` see it (the "Comment moderators"
    group); emails and IP addresses need ``newsplugin.view_commenter_details`` too.
    """

    model = ArticleComment
    name = "newsplugin_comments"
    url_prefix = "comment-moderation"
    icon = "comment"
    menu_label = _("Comments")
    menu_order = 260
    add_to_admin_menu = True
    menu_item_class = views.ModerationMenuItem
    index_view_class = views.ModerationQueueIndexView
    edit_view_class = views.ModerationEditView
    filterset_class = views.CommentFilterSet
    list_per_page = 50
    form_fields = ["comment"]
    search_fields = ["comment", "user_name", "user_email", "user_url"]
    inspect_view_enabled = False
    copy_view_enabled = False

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns() + [
            path("act/", views.act, name="act"),
            path("reply/<int:pk>/", views.reply, name="reply"),
        ]
        # Wagtail answers a missing permission with a redirect; the queue says 403.
        for pattern in patterns:
            pattern.callback = views.moderators_only(pattern.callback)
        return patterns


moderation_queue_viewset = ModerationQueueViewSet()
