"""Admin views of the moderation queue; ``ModerationQueueViewSet`` puts them together."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import wraps

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, Subquery
from django.db.models.functions import Cast, TruncDate
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.permission_policies.base import ModelPermissionPolicy

from ..cache.purge import purge_article
from ..comments.rules import rule_label
from ..models import ArticleAuthor, ArticleComment, ArticlePage, Author, ModerationStatus
from ..numbers import whole_number
from .decisions import ACTIONS, decide, reply_as_newsroom, status_counts

MODERATE = "newsplugin.moderate_comment"
VIEW_DETAILS = "newsplugin.view_commenter_details"
STATUS_PARAMETER = "status"
CHART_DAYS = 30


class CommentModerationPermissionPolicy(ModelPermissionPolicy):
    """Every queue view needs ``moderate_comment``; nobody adds or deletes comments there."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return user.is_active and user.has_perm(MODERATE)

    def users_with_any_permission(self, actions):
        return self._get_users_with_any_permission_codenames(["moderate_comment"])


def can_moderate(user):
    return user.is_active and user.has_perm(MODERATE)


def moderators_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_moderate(request.user):
            # Wagtail would turn a raised PermissionDenied into a redirect: answer 403.
            return permission_denied(request, PermissionDenied())
        return view(request, *args, **kwargs)

    return wrapped


def pending_count():
    return ArticleComment.objects.pending().count()


class CommentFilterSet(WagtailFilterSet):
    article = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Article"),
        queryset=ArticlePage.objects.order_by("title"),
        method="filter_article",
    )
    author = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Article author"),
        queryset=Author.objects.order_by("name"),
        method="filter_author",
    )
    submit_date = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Received"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ArticleComment
        fields = []

    def filter_article(self, queryset, name, value):
        return queryset.filter(object_pk=str(value.pk))

    def filter_author(self, queryset, name, value):
        # The author in every language: their translated articles too.
        articles = ArticleAuthor.objects.filter(
            author__translation_key=value.translation_key
        ).values(
            pk_text=Cast("article_id", CharField())
        )
        return queryset.filter(object_pk__in=Subquery(articles))


def current_status(request):
    """The tab asked for; anything unknown shows Pending rather than an error."""
    status = request.GET.get(STATUS_PARAMETER)
    return status if status in ModerationStatus.values else ModerationStatus.PENDING


def comments_per_day(days=CHART_DAYS, now=None):
    """[(date, {status: count})] for the last ``days`` days, oldest first, in one query."""
    today = timezone.localdate(now)
    start = today - timedelta(days=days - 1)
    counts = defaultdict(dict)
    rows = (
        ArticleComment.objects.filter(
            submit_date__gte=timezone.make_aware(datetime.combine(start, time.min))
        )
        .annotate(day=TruncDate("submit_date"))
        .order_by()
        .values("day", "moderation_status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[row["day"]][row["moderation_status"]] = row["n"]
    return [(start + timedelta(days=n), counts.get(start + timedelta(days=n), {}))
            for n in range(days)]


def chart(days=CHART_DAYS, now=None, height=80, bar=10, gap=2):
    """Stacked bars (SVG coordinates only: no inline style, no script) for the template."""
    series = comments_per_day(days, now)
    tallest = max((sum(c.values()) for _day, c in series), default=0) or 1
    bars = []
    for index, (day, counts) in enumerate(series):
        y = height
        for status in ModerationStatus.values:
            n = counts.get(status, 0)
            if not n:
                continue
            h = max(1, round(n * height / tallest))
            y -= h
            bars.append({"x": index * (bar + gap), "y": y, "width": bar, "height": h,
                         "status": status, "count": n, "day": day})
    return {
        "width": days * (bar + gap),
        "height": height,
        "bars": bars,
        "total": sum(sum(c.values()) for _day, c in series),
        "days": days,
        "legend": ModerationStatus.choices,
    }


@dataclass(frozen=True)
class QueueColumn:
    """One column of the queue: its heading, and the template of its cell (given ``comment``)."""

    label: object
    cell_template: str
    label_hidden: bool = False


class ModerationQueueIndexView(IndexView):
    """The queue: one status at a time, newest first, with the rows' articles and parents.

    ``queue_columns`` and ``queue_actions`` come from the viewset.
    """

    default_ordering = "-pk"
    page_title = gettext_lazy("Comment moderation")
    queue_columns = ()
    queue_actions = ()

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not request.user.has_perm(VIEW_DETAILS):
            # A match on an email would reveal it as surely as showing it.
            self.search_fields = ["comment", "user_name", "user_url"]

    def get_base_queryset(self):
        return ArticleComment.objects.with_status(current_status(self.request))

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        comments = list(context["object_list"])
        articles = ArticlePage.objects.filter(
            pk__in={whole_number(c.object_pk) for c in comments} - {None}
        ).only("pk", "title", "url_path")
        articles = {str(a.pk): a for a in articles}
        parent_ids = {c.parent_id for c in comments if c.parent_id and c.parent_id != c.pk}
        parents = ArticleComment.objects.filter(pk__in=parent_ids).only(
            "pk", "user_name", "comment_html"
        ) if parent_ids else []
        parents = {p.pk: p for p in parents}
        for comment in comments:
            comment.queue_article = articles.get(comment.object_pk)
            comment.queue_parent = parents.get(comment.parent_id)
            comment.queue_rule = rule_label(comment.moderation_rule)
        status = current_status(self.request)
        counts = status_counts()
        context.update(
            rows=comments,
            status=status,
            tabs=[
                {"value": value, "label": label, "count": counts[value],
                 "current": value == status}
                for value, label in ModerationStatus.choices
            ],
            columns=self.queue_columns,
            actions=[a for a in self.queue_actions if a.status != status],
            show_details=self.request.user.has_perm(VIEW_DETAILS),
            action_url=reverse("newsplugin_comments:act"),
            chart=chart() if not self.results_only else None,
        )
        return context


class CommentEditForm(forms.ModelForm):
    class Meta:
        model = ArticleComment
        fields = ["comment"]


class ModerationEditView(EditView):
    """A moderator may correct a comment's text; the public page follows at once."""

    def save_instance(self):
        instance = super().save_instance()
        article = instance.get_article()
        if article is not None:
            purge_article(article)
        return instance


def _back(request):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(reverse("newsplugin_comments:index"))


def _ids(values):
    # Anything that is not a whole number is ignored.
    return {whole_number(value) for value in values} - {None}


@require_POST
def act(request):
    """Approve, reject, mark as spam or restore: one row (``single``) or the ticked ones."""
    if not can_moderate(request.user):
        raise PermissionDenied
    single = request.POST.get("single", "")
    if single:
        name, _sep, pk = single.partition(":")
        ids = _ids([pk])
    else:
        name = request.POST.get("action", "")
        ids = _ids(request.POST.getlist("ids"))
    if name not in ACTIONS:
        messages.error(request, _("Choose what to do with the comments."))
        return _back(request)
    if not ids:
        messages.error(request, _("Select at least one comment."))
        return _back(request)
    changed = decide(ids, name, request.user)
    messages.success(
        request,
        # Singular messages only: the catalogues carry no plural forms.
        _("%(action)s: comments changed: %(count)d.")
        % {"action": ACTIONS[name].label, "count": changed},
    )
    return _back(request)


class ReplyForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Reply from the newsroom"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
    )
    approve_parent = forms.BooleanField(
        required=False, label=gettext_lazy("Also approve the comment I am answering")
    )


def reply(request, pk):
    """Answer a comment from the queue, as the newsroom.

    The comment answered keeps its state unless the moderator ticks "also
    approve" (a reply under a hidden comment stays hidden with it); the message
    says which happened.
    """
    if not can_moderate(request.user):
        raise PermissionDenied
    parent = get_object_or_404(ArticleComment, pk=pk)
    hidden = parent.moderation_status != ModerationStatus.APPROVED
    form = ReplyForm(request.POST or None)
    if not hidden:
        del form.fields["approve_parent"]
    if request.method == "POST" and form.is_valid():
        status = parent.get_moderation_status_display()
        if hidden and form.cleaned_data["approve_parent"]:
            decide([parent.pk], "approve", request.user)
            hidden = False
        reply_as_newsroom(parent, request.user, form.cleaned_data["comment"])
        if hidden:
            messages.warning(
                request,
                _(
                    "Your reply is saved, but the comment it answers is still "
                    "%(status)s: neither shows on the article until that comment is approved."
                )
                % {"status": status.lower()},
            )
        elif parent.moderation_status != ModerationStatus.APPROVED:
            messages.success(
                request, _("The comment was approved and your reply is published.")
            )
        else:
            messages.success(request, _("Your reply is published."))
        return HttpResponseRedirect(reverse("newsplugin_comments:index"))
    return TemplateResponse(
        request,
        "newsplugin/admin/queue_reply.html",
        {
            "parent": parent,
            "parent_hidden": hidden,
            "form": form,
            "page_title": _("Reply from the newsroom"),
        },
    )


class ModerationMenuItem(MenuItem):
    """The queue's menu item, with the number of comments waiting."""

    def is_shown(self, request):
        return can_moderate(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        waiting = pending_count()
        if waiting:
            component.label = f"{self.label} ({waiting})"
        return component


class PendingCommentsSummaryItem(SummaryItem):
    order = 250
    template_name = "newsplugin/admin/summary_pending.html"

    def get_context_data(self, parent_context):
        return {"pending": pending_count(), "url": reverse("newsplugin_comments:index")}

    def is_shown(self):
        return can_moderate(self.request.user)
