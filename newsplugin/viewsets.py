"""The authors' and the section moderators' snippet viewsets in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author, SectionModerators


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "slug", "user"]
    search_fields = ["name", "slug"]
    ordering = ["name"]


class SectionModeratorsViewSet(SnippetViewSet):
    """Limit a moderator group to some sections; its members see only their comments."""

    model = SectionModerators
    icon = "group"
    menu_label = _("Section moderators")
    add_to_settings_menu = True
    list_display = ["group"]
