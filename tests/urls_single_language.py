"""A site without i18n_patterns (one edition; LocaleMiddleware picks the interface
language from the cookie or Accept-Language), for the page cache's keys."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.contrib.sitemaps.views import sitemap

from home.views import search

urlpatterns = [
    path("search/", search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("", include("newsplugin.urls")),
    path("", include(wagtail_urls)),
]
