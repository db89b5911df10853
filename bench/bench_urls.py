"""The test site's URLs, xtd's own (its stock templates reverse them) and a plain view."""

from django.http import HttpResponse
from django.urls import include, path

from tests.urls import urlpatterns as site_urlpatterns


def plain(request):
    """The floor for a whole request: a Django view returning a short response."""
    return HttpResponse("ok")


urlpatterns = [
    path("xtd/", include("django_comments_xtd.urls")),
    path("plain/", plain),
    *site_urlpatterns,
]
