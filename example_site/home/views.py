from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe
from wagtail.models import Locale

from newsplugin.models import ArticlePage


def search(request):
    """Full-text search of live, public articles in the language of the address
    (/search/ Indonesian, /en/search/ English; Wagtail search, database backend)."""
    query = request.GET.get("q", "").strip()[:200]
    results = None
    if query:
        # .public(), not without_private(): search backends filter on indexed fields only.
        articles = (
            ArticlePage.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .select_related("lead_image")
        )
        results = Paginator(articles.search(query), 10).get_page(request.GET.get("page"))
    return render(request, "home/search.html", {"query": query, "articles": results})


@require_safe
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page says: send them the icon."""
    return redirect(static("home/favicon.svg"), permanent=True)
