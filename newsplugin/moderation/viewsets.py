"""The moderation queue, put together from its views as a Wagtail viewset."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import ArticleComment
from . import views
from .decisions import ACTIONS

CELLS = "newsplugin/admin/queue_cells/"


class ModerationQueueViewSet(ModelViewSet):
    """The comment moderation queue: Pending, Approved, Spam and Rejected comments.

    Only users with ``newsplugin.moderate_comment`` see it (the "Comment moderators"
    group); emails and IP addresses need ``newsplugin.view_commenter_details`` too.
    A site changes the queue by subclassing this and setting the attributes below.
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
    index_template_name = "newsplugin/admin/queue_index.html"
    index_results_template_name = "newsplugin/admin/queue_results.html"
    edit_view_class = views.ModerationEditView
    history_view_class = views.ModerationHistoryView
    inspect_view_enabled = False
    copy_view_enabled = False

    columns = [
        views.QueueColumn(_("Select"), CELLS + "select.html", label_hidden=True),
        views.QueueColumn(_("Comment"), CELLS + "comment.html"),
        views.QueueColumn(_("Commenter"), CELLS + "commenter.html"),
        views.QueueColumn(_("Article"), CELLS + "article.html"),
        views.QueueColumn(_("Received"), CELLS + "received.html"),
        views.QueueColumn(_("Rule"), CELLS + "rule.html"),
        views.QueueColumn(_("Actions"), CELLS + "actions.html"),
    ]
    filterset_class = views.CommentFilterSet
    search_fields = ["comment", "user_name", "user_email", "user_url"]
    list_per_page = 50
    # Each row offers every decision but the one that would leave it where it is.
    actions = list(ACTIONS.values())
    form_fields = ["comment"]
    # Besides Wagtail's index, edit and history views: (route, view, name).
    extra_views = [
        ("act/", views.act, "act"),
        ("reply/<int:pk>/", views.reply, "reply"),
        ("undo/", views.undo_decision, "undo"),
        ("feature/<int:pk>/", views.feature_comment, "feature"),
        ("commenter-rule/<int:pk>/", views.set_commenter_rule, "commenter_rule"),
    ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            **{"queue_columns": self.columns, "queue_actions": self.actions, **kwargs}
        )

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns() + [
            path(route, view, name=name) for route, view, name in self.extra_views
        ]
        # Wagtail answers a missing permission with a redirect; the queue says 403.
        for pattern in patterns:
            pattern.callback = views.moderators_only(pattern.callback)
        return patterns


moderation_queue_viewset = ModerationQueueViewSet()
