from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from newsplugin.models import ChildPageRoutingMixin, FrontPageMixin


class HomePage(FrontPageMixin, ChildPageRoutingMixin, Page):  # noqa: DJ008  (Page's __str__)
    """The example site's front page: an introduction, then the plugin's front page
    (lead story, secondary stories, each section's newest, most commented).

    Its children are news indexes, found in one query each (ChildPageRoutingMixin).
    """

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")] + FrontPageMixin.front_panels
    subpage_types = ["newsplugin.NewsIndexPage"]
    # One per language: the site's root page and its translations.
    parent_page_types = ["wagtailcore.Page"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["front"] = self.get_front_page(request)
        return context
