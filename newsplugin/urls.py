"""URLs a site includes for what is not a page: ``path("", include("newsplugin.urls"))``."""

from django.urls import path

from .sitemaps import news_sitemap

urlpatterns = [
    path("news-sitemap.xml", news_sitemap, name="newsplugin_news_sitemap"),
]
