"""The site's "page not found", in the reader's language, with the site around it.

Without it a project gets whichever ``404.html`` comes first among its apps:
with ``django_comments_xtd`` listed first (as it must be), that is xtd's, titled
"django-comments-xtd » code 404", marked English on the Indonesian site, with no
way back to the news. Point Django at this view in the project's root URLconf::

    handler404 = "newsplugin.pages.not_found.page_not_found"

A browser (its ``Accept`` names HTML) gets ``newsplugin/404.html``: the site's
header and sections, a link to the home page in the language of the address,
the language switcher leading to each language's home page, ``noindex``.
Anything else (a crawler or script asking for ``*/*``, a feed reader) gets a
short plain-text answer that costs no more than routing did: most requests for
missing pages on a news site that was WordPress are scanners after
``/wp-login.php``.
"""

from django.http import HttpResponseNotFound
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext

TEMPLATE = "newsplugin/404.html"
HTML_TYPES = ("text/html", "application/xhtml+xml")


def wants_html(request):
    """True when the client names an HTML type in ``Accept`` (every browser does)."""
    accept = request.headers.get("Accept", "").lower()
    return any(media_type in accept for media_type in HTML_TYPES)


def page_not_found(request, exception=None):
    """Django's ``handler404``: the site's 404 page, or plain text for non-browsers.

    ``exception`` is not shown: its message can carry internals (a resolver's
    patterns, a model's name), as Django's own ``page_not_found`` also avoids.
    """
    if not wants_html(request):
        response = HttpResponseNotFound(
            gettext("Page not found") + "\n", content_type="text/plain; charset=utf-8"
        )
    else:
        response = TemplateResponse(request, TEMPLATE, {"not_found": True}, status=404)
        response.render()
    # A client or cache choosing between the two by Accept must keep them apart.
    patch_vary_headers(response, ["Accept"])
    return response
