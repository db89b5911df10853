"""HTTP 503, not 500, while the database cannot be reached.

``DatabaseUnavailableMiddleware`` turns a connection failure raised by a view
(``OperationalError``, ``InterfaceError``) into a small page, in every language
of ``LANGUAGES``, with ``Retry-After``: readers see that the site will be back,
and crawlers and load balancers try again later instead of dropping the page.
Pages already in the page cache are still served, since a hit reads no row.
The outage is logged once, not a traceback per request.
"""

from django.conf import settings
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

    def __call__(self, request):
        response = self.get_response(request)
        # Back only once a request has reached the database again (a page that
        # needs no query proves nothing).
        if outage.is_down and response.status_code < 500 and connection.connection is not None:
            outage.recovered()
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        outage.failed(exception)
        # Rendered without the request: its context processors would ask the
        # database for the user.
        response = HttpResponse(unavailable_page(), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        # Django would log every one of these as an error; the outage is logged once.
        response._has_been_logged = True
        return response
