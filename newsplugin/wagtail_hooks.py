from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin_views import CommenterDataView, commenter_data_menu_item
from .viewsets import AuthorViewSet

register_snippet(AuthorViewSet)


@hooks.register("register_admin_urls")
def register_commenter_data_url():
    return [
        path("newsplugin/commenter-data/", CommenterDataView.as_view(),
             name="newsplugin_commenter_data"),
    ]


@hooks.register("register_settings_menu_item")
def register_commenter_data_menu_item():
    return commenter_data_menu_item()
