"""A small Wagtail admin view for commenters' data rights: export, anonymise, erase.

Only users with the ``newsplugin.manage_commenter_data`` permission see the menu
item and may open the view (403 otherwise). The work is done by ``newsplugin.privacy.data``,
which the ``commenter_data`` management command calls too.
"""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import data as privacy

PERMISSION = "newsplugin.manage_commenter_data"


class CommenterDataForm(forms.Form):
    email = forms.EmailField(label=_("Commenter's email address"))
    action = forms.ChoiceField(
        label=_("What to do"),
        widget=forms.RadioSelect,
        choices=[
            ("export", _("Export every comment as JSON")),
            ("anonymise", _("Anonymise: keep the words, remove name, email, website and IP")),
            ("erase", _("Erase: remove the words too")),
        ],
    )


class CommenterDataView(PermissionRequiredMixin, WagtailAdminTemplateMixin, FormView):
    permission_required = PERMISSION
    raise_exception = True
    form_class = CommenterDataForm
    template_name = "newsplugin/admin/commenter_data.html"
    page_title = _("Commenter data")
    header_icon = "user"

    def form_valid(self, form):
        email, action = form.cleaned_data["email"], form.cleaned_data["action"]
        if action == "export":
            data = json.dumps(privacy.export_commenter(email), indent=2, ensure_ascii=False)
            response = HttpResponse(data, content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="comments-{slugify(email) or "commenter"}.json"'
            )
            response["Cache-Control"] = "private, no-store"
            return response
        changed = getattr(privacy, f"{action}_commenter")(email)
        messages.success(
            self.request,
            gettext("%(count)d comment(s) from %(email)s changed.")
            % {"count": changed, "email": email},
        )
        return redirect("newsplugin_commenter_data")


class CommenterDataMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


def commenter_data_menu_item():
    return CommenterDataMenuItem(
        _("Commenter data"), reverse("newsplugin_commenter_data"), icon_name="user", order=900
    )
