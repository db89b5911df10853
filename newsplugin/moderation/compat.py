"""What differs between the Wagtail versions newsplugin supports (7.4 and 8)."""

from ..models import ArticleComment
from .views import CommentModerationPermissionPolicy

try:  # Wagtail 8
    from wagtail.permissions import register_permission_policy
except ImportError:  # Wagtail 7.4
    register_permission_policy = None


def register_queue_permission_policy(viewset):
    """Give the queue its permission policy: registered on Wagtail 8, on the viewset on 7.4."""
    policy = CommentModerationPermissionPolicy(ArticleComment)
    if register_permission_policy is not None:
        register_permission_policy(ArticleComment, policy)
    else:  # Wagtail 8 warns about a policy set on the viewset
        type(viewset).permission_policy = policy
