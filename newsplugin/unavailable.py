"""HTTP 503, not 500, while the database cannot be reached.

``DatabaseUnavailableMiddleware`` turns a connection failure raised by a view
(``OperationalError``, ``InterfaceError``) into a small page, in every language
of ``LANGUAGES``, with ``Retry-After``: readers see that the site will be back,
and crawlers and load balancers try again later instead of dropping the page.
Pages already in the page cache are still served, since a hit reads no row.
The outage is logged once, not a traceback per request (a middleware below that
loses the database, the session saving itself, is answered and logged so too).
"""

import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from .outage import Outage

RETRY_AFTER = 30  # seconds: about what a database restart or fail-over takes
outage = Outage("The database", retry_after=0)


def unavailable_page():
    """The 503 page, in each of the site's languages (the one to use is not known)."""
    codes = [code for code, _name in settings.LANGUAGES] or [settings.LANGUAGE_CODE]
    messages = []
    for code in codes:
        with translation.override(code):
            messages.append(
                {
                    "language": code,
                    "title": translation.gettext("The site is briefly unavailable"),
                    "text": translation.gettext(
                        "We are working on it. Please try again in a minute."
                    ),
                }
            )
    return render_to_string(
        "newsplugin/unavailable.html", {"messages": messages, "language": codes[0]}
    )


class DatabaseUnavailableMiddleware:
    """Answers 503 with ``Retry-After`` when a view cannot reach the database.

    Anywhere in ``MIDDLEWARE``; the example site puts it just below the page cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # Django logs the 500 a middleware below turned a lost connection into before
        # this middleware answers it with the 503: that record is the outage's.
        request_logger = logging.getLogger("django.request")
        if _not_answered_here not in request_logger.filters:
            request_logger.addFilter(_not_answered_here)

    def __call__(self, request):
        setattr(request, _BELOW_US, True)
        try:
            response = self.get_response(request)
        finally:
            # A middleware above that fails after this is not answered here.
            setattr(request, _BELOW_US, False)
        if response.status_code == 500 and getattr(request, _FAILED_BELOW, None) is not None:
            # The view was done, but a middleware below (the session saving
            # itself, say) lost the database: still the outage, not a fault.
            return self.process_exception(request, getattr(request, _FAILED_BELOW))
        # Back only once a request has reached the database again (a page that
        # needs no query proves nothing).
        if outage.is_down and response.status_code < 500 and connection.connection is not None:
            outage.recovered()
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        outage.failed(exception)
        session = getattr(request, "session", None)
        if session is not None:
            # Saving it would fail the same way, and turn this 503 into a 500.
            session.modified = False
        # Rendered without the request: its context processors would ask the
        # database for the user.
        response = HttpResponse(unavailable_page(), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        # Django would log every one of these as an error; the outage is logged once.
        response._has_been_logged = True
        return response


_FAILED_BELOW = "_newsplugin_database_error"
_BELOW_US = "_newsplugin_inside_database_guard"


def _not_answered_here(record):
    """``django.request``'s filter: False for the error of a request that lost the database
    below ``DatabaseUnavailableMiddleware``, which answers it with a 503 and logs the
    outage once; every other record passes."""
    request = getattr(record, "request", None)
    return not (
        getattr(request, _BELOW_US, False) and getattr(request, _FAILED_BELOW, None) is not None
    )


def remember_database_error(sender, request=None, **kwargs):
    """``got_request_exception``: note a connection failure for the middleware above.

    Django turns an exception raised by a middleware into a 500 response at
    that middleware's level, so the middleware only sees its status; the
    signal is sent while the exception is being handled.
    """
    exception = sys.exc_info()[1]
    if request is not None and isinstance(exception, (OperationalError, InterfaceError)):
        setattr(request, _FAILED_BELOW, exception)


def connect_signals():
    got_request_exception.connect(remember_database_error, dispatch_uid="newsplugin-database")
