"""The test site's URLs plus xtd's own, which its stock templates reverse (bench only)."""

from django.urls import include, path

from tests.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("xtd/", include("django_comments_xtd.urls")), *site_urlpatterns]
