"""The request's Wagtail site, found by one prepared query.

Wagtail finds a request's site with a queryset it builds and compiles on every
request: a ``Case`` ranking the sites by hostname, port and default flag. On the
production stack that was about a third of what a 404 page costs.
``SiteMiddleware`` makes the same choice from a query prepared once per process
(``newsplugin.prepared``) and leaves the site where Wagtail keeps it for the
request (``request._wagtail_site``), so ``Site.find_for_request()``, routing,
settings and URLs all find it there. The same query brings the settings read on
nearly every request (``PreparedSiteSetting.with_site``: News settings); for
Wagtail's serve view a newsplugin home page is then loaded as itself, with its
locale and what routing would learn about it (``page_for_serving``), so that
Wagtail's ``site.root_page.localized.specific`` asks nothing more.
"""

from django.db import InterfaceError, OperationalError
from django.db.models import Case, IntegerField, Q, Value, When
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.views import serve as wagtail_serve

from .models.pages import NewsPageMixin, page_for_serving
from .models.site_settings import settings_joined_with_site
from .numbers import whole_number
from .prepared import PreparedQuery

# How well a site matches, best first, as Wagtail ranks them.
HOSTNAME_AND_PORT, HOSTNAME_AND_DEFAULT, DEFAULT, HOSTNAME = range(4)
NO_PORT = -1  # a port no site has: what an address without a usable port matches
DATABASE_UNREACHABLE = (OperationalError, InterfaceError)


def _candidates(hostname, port):
    """The sites with this hostname and the default site, best match first."""
    match = Case(
        When(hostname=hostname, port=port, then=Value(HOSTNAME_AND_PORT)),
        When(hostname=hostname, is_default_site=True, then=Value(HOSTNAME_AND_DEFAULT)),
        When(is_default_site=True, then=Value(DEFAULT)),
        default=Value(HOSTNAME),
        output_field=IntegerField(),
    )
    return (
        Site.objects.annotate(match=match)
        .filter(Q(hostname=hostname) | Q(is_default_site=True))
        .order_by("match")
        # Its home page, and the settings nearly every request reads (News settings).
        .select_related("root_page", *settings_joined_with_site())
    )


_CANDIDATES = PreparedQuery(Site, _candidates)


def site_for_hostname(hostname, port):
    """The site Wagtail serves ``hostname``:``port`` from, or None: the one with this
    hostname and port; else this hostname's if it is the default site; else the only
    site with this hostname (on another port) when the default site has another
    hostname; else the default site; no site when only several sites of this
    hostname, none of them the default, are left."""
    sites = _CANDIDATES(hostname, port)
    if not sites:
        return None
    best = sites[0]
    if len(sites) == 1 or best.match in (HOSTNAME_AND_PORT, HOSTNAME_AND_DEFAULT):
        return best
    if best.match == DEFAULT:
        return sites[1] if len(sites) == 2 else best
    return None


def site_for_request(request):
    """The site of ``request``, as ``Site.find_for_request()`` chooses it."""
    # The raw host, as Wagtail reads it: ALLOWED_HOSTS is for Django to check.
    hostname = split_domain_port(request._get_raw_host())[0]
    port = whole_number(str(request.get_port()), maximum=65535)
    return site_for_hostname(hostname, NO_PORT if port is None else port)


def specific_with_locale(page):
    """A newsplugin page (``NewsPageMixin``: a front page, a news index) as its own
    class with its locale, in one prepared query (``page_for_serving``: with what
    routing would have learnt about it too); any other page as it is (its own
    ``localized`` needs neither)."""
    model = page.specific_class
    if model is None or not issubclass(model, NewsPageMixin):
        return page
    if isinstance(page, model) and "locale" in page._state.fields_cache:
        return page
    return page_for_serving(page) or page


def site_not_needed(view):
    """Marks a view that never asks for the Wagtail site (a comment token, say):
    ``SiteMiddleware`` does not look it up for its requests."""
    view.newsplugin_site_not_needed = True
    return view


class SiteMiddleware:
    """Finds the Wagtail site with one prepared query, for each request whose view
    may ask for it (every view but those marked ``site_not_needed``).

    Put it below the page cache (a cached page needs no site), above everything
    that asks for the site. While the database cannot be reached it leaves the
    site to Wagtail, whose lookup then fails inside the view, where
    ``DatabaseUnavailableMiddleware`` turns it into its 503 page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if hasattr(request, "_wagtail_site"):
            return None
        if getattr(view_func, "newsplugin_site_not_needed", False):
            return None
        try:
            site = request._wagtail_site = site_for_request(request)
            if site is not None and view_func is wagtail_serve:
                # Wagtail routes from site.root_page.localized.specific: its own
                # fields now, with its locale (NewsPageMixin.localized needs no
                # query for the page's language then), and .specific is no query.
                site.root_page = specific_with_locale(site.root_page)
        except DATABASE_UNREACHABLE:
            # Left to Wagtail: the view's own query then fails as a view's does,
            # which DatabaseUnavailableMiddleware answers with its 503.
            pass
        return None
