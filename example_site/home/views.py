from django.core.paginator import Paginator
from django.shortcuts import render

from newsplugin.models import ArticlePage


def search(request):
    """Full-text search of live, public articles (Wagtail search, database backend)."""
    query = request.GET.get("q", "").strip()[:200]
    results = None
    if query:
        # .public(), not without_private(): search backends filter on indexed fields only.
        articles = ArticlePage.objects.live().public().select_related("lead_image")
        results = Paginator(articles.search(query), 10).get_page(request.GET.get("page"))
    return render(request, "home/search.html", {"query": query, "articles": results})
