"""The authors' snippet viewset in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "slug", "user"]
    search_fields = ["name", "slug"]
    ordering = ["name"]
