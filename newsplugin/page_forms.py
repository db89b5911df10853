"""Admin forms for newsplugin pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class ArticlePageForm(WagtailAdminPageForm):
    """The article editing form: each author may appear only once in the byline."""

    def clean(self):
        cleaned_data = super().clean()
        authors = self.formsets.get("article_authors")
        if authors is not None:
            seen = set()
            for form in authors.forms:
                if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                    continue
                author = form.cleaned_data.get("author")
                if author is None:
                    continue
                if author.pk in seen:
                    form.add_error("author", _("This author is already listed."))
                seen.add(author.pk)
        return cleaned_data
