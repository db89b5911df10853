"""WordPress's ``?p=ID`` addresses, answered with the imported article's redirect."""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from ..numbers import whole_number


class WordPressAddressMiddleware:
    """Redirect ``/?p=123`` (WordPress's short link of a post) to the article imported
    from post 123.

    Wagtail's ``RedirectMiddleware`` acts only on a 404, and ``/?p=123`` finds the
    home page. Only requests with a numeric ``p`` cost a query; put this above
    ``AnonymousPageCacheMiddleware``, whose key leaves ``p`` out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and whole_number(request.GET.get("p", "")):
            try:
                response = self._redirect(request)
            except (OperationalError, InterfaceError):
                # The database is down: the page below answers (from the page cache,
                # or with the outage middleware's 503), never a 500 from up here.
                response = None
            if response is not None:
                return response
        return self.get_response(request)

    @staticmethod
    def _redirect(request):
        post = whole_number(request.GET["p"])
        path = Redirect.normalise_path(f"{request.path}?p={post}", decode_unicode=False)
        site = Site.find_for_request(request)
        redirect = (
            Redirect.get_for_site(site).filter(old_path=path)
            .select_related("redirect_page").order_by("site").first()
        )
        if redirect is None or not redirect.link:
            return None
        response_class = (
            HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect
        )
        return response_class(redirect.link)
