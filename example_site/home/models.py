from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from newsplugin.models import ChildPageRoutingMixin, NewsIndexPage


class HomePage(ChildPageRoutingMixin, Page):
    """The example site's front page: an introduction and the latest articles.

    Its children are news indexes, found in one query each (ChildPageRoutingMixin).
    """

    intro = RichTextField(blank=True)
    latest_count = models.PositiveSmallIntegerField(default=6)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("latest_count")]
    subpage_types = ["newsplugin.NewsIndexPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news_index = NewsIndexPage.objects.child_of(self).live().first()
        context["news_index"] = news_index
        context["articles"] = news_index.get_articles()[: self.latest_count] if news_index else []
        return context
