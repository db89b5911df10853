"""URLs to include in the site's URLconf, before Wagtail's own patterns::

    path("comments/", include("newsplugin.urls")),
"""

from django.urls import path

from . import views

app_name = "newsplugin"

urlpatterns = [
    path("post/", views.post_comment, name="post_comment"),
]
