"""Admin panels for newsplugin pages."""

from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import InlinePanel


class ArticleAuthorFormSet(BaseChildFormSet):
    """The byline rows of an article: each author may appear only once."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            author = form.cleaned_data.get("author")
            if author is None:
                continue
            if author.pk in seen:
                form.add_error("author", _("This author is already listed."))
            seen.add(author.pk)


class AuthorsPanel(InlinePanel):
    """An InlinePanel for the byline that refuses the same author twice."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = ArticleAuthorFormSet
        return options
