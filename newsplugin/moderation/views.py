"""Admin views of the moderation queue; ``ModerationQueueViewSet`` puts them together."""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import wraps

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import CharField, Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast, TruncDate
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied
from django_comments.models import Comment
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.views.generic import EditView, HistoryView, IndexView
from wagtail.permission_policies.base import ModelPermissionPolicy

from ..cache.purge import purge_article
from ..comments.rules import rule_label
from ..models import (
    ArticleAuthor,
    ArticleComment,
    ArticlePage,
    Author,
    CommenterRule,
    CommenterRuleKind,
    CommentReport,
    ModerationSettings,
    ModerationStatus,
    ReportReason,
)
from ..models.querysets import article_content_type
from ..numbers import whole_number
from .decisions import (
    ACTIONS,
    REPORTED,
    apply_decision,
    bounded_count,
    decide,
    feature,
    log_commenter_rule,
    reply_as_newsroom,
    status_counts,
    undo,
)
from .scopes import comments_for, moderated_sections

MODERATE = "newsplugin.moderate_comment"
VIEW_DETAILS = "newsplugin.view_commenter_details"
STATUS_PARAMETER = "status"
COMMENTER_PARAMETER = "commenter"
LAST_DECISION_SESSION_KEY = "newsplugin_last_decision"
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


def pending_count(user):
    """What the Pending tab holds for ``user`` (bounded: "1000+" above the limit)."""
    return bounded_count(comments_for(user).filter(moderation_status=ModerationStatus.PENDING))


def wants_json(request):
    """The queue's script asks for JSON; a form post without it gets a redirect."""
    return "application/json" in request.headers.get("Accept", "")


def report_summaries(comment_ids):
    """{comment pk: {"count": n, "reasons": [(label, n)]}} of open reports, one query."""
    rows = (
        CommentReport.objects.filter(comment_id__in=comment_ids, resolved_at__isnull=True)
        .order_by()
        .values("comment_id", "reason")
        .annotate(n=Count("pk"))
        .order_by("reason")
    )
    labels = dict(ReportReason.choices)
    summaries = {}
    for row in rows:
        summary = summaries.setdefault(row["comment_id"], {"count": 0, "reasons": []})
        summary["count"] += row["n"]
        summary["reasons"].append((labels.get(row["reason"], row["reason"]), row["n"]))
    return summaries


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
    if status in ModerationStatus.values or status == REPORTED:
        return status
    return ModerationStatus.PENDING


def same_commenter(comment):
    """A filter for the comments sharing ``comment``'s keys (email, or full address):
    what the moderation rules match on, never the truncated address people see."""
    signals = Q(pk=comment.pk)
    if comment.email_key:
        signals |= Q(email_key=comment.email_key)
    if comment.address_key:
        signals |= Q(address_key=comment.address_key)
    return signals


def commenter_histories(comments, scope):
    """{comment pk: {status: count}} over each row's commenter, in one query."""
    emails = {c.email_key for c in comments if c.email_key}
    addresses = {c.address_key for c in comments if c.address_key}
    if not comments:
        return {}
    rows = list(
        scope.filter(Q(email_key__in=emails) | Q(address_key__in=addresses))
        .order_by()
        .values_list("pk", "email_key", "address_key", "moderation_status")
    )
    histories = {}
    for comment in comments:
        counts = dict.fromkeys(ModerationStatus.values, 0)
        for _pk, email, address, status in rows:
            if (comment.email_key and email == comment.email_key) or (
                comment.address_key and address == comment.address_key
            ):
                counts[status] += 1
        histories[comment.pk] = counts
    return histories


def commenter_rules(comments):
    """{comment pk: the CommenterRule in force for its commenter, or None}, one query."""
    emails = {c.email_key for c in comments if c.email_key}
    rules = {rule.email_key: rule for rule in CommenterRule.objects.filter(email_key__in=emails)}
    return {c.pk: rules.get(c.email_key) for c in comments}


def comments_per_day(days=CHART_DAYS, now=None, scope=None):
    """[(date, {status: count})] for the last ``days`` days, oldest first, in one query."""
    today = timezone.localdate(now)
    start = today - timedelta(days=days - 1)
    counts = defaultdict(dict)
    since = timezone.make_aware(datetime.combine(start, time.min))
    if scope is None:
        # From django-comments' table, the status looked up comment by comment: joined
        # through xtd's table, PostgreSQL read all of it (60 ms with a million comments).
        status = ArticleComment.objects.filter(pk=OuterRef("pk")).order_by()
        rows = Comment.objects.filter(
            submit_date__gte=since, content_type=article_content_type()
        ).annotate(status=Subquery(status.values("moderation_status")[:1]))
    else:
        rows = scope.filter(submit_date__gte=since).annotate(status=F("moderation_status"))
    rows = (
        rows.annotate(day=TruncDate("submit_date"))
        .order_by()
        .values("day", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        if row["status"]:
            counts[row["day"]][row["status"]] = row["n"]
    return [(start + timedelta(days=n), counts.get(start + timedelta(days=n), {}))
            for n in range(days)]


def chart(days=CHART_DAYS, now=None, height=80, bar=10, gap=2, scope=None):
    """Stacked bars (SVG coordinates only: no inline style, no script) for the template."""
    series = comments_per_day(days, now, scope)
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
        scope = comments_for(self.request.user)
        commenter = self.commenter()
        if commenter is not None:
            return scope.filter(same_commenter(commenter))
        status = current_status(self.request)
        if status == REPORTED:
            return scope.filter(
                pk__in=CommentReport.objects.filter(resolved_at__isnull=True).values("comment_id")
            )
        return scope.with_status(status)

    def commenter(self):
        """The comment whose commenter's other comments were asked for (``?commenter=``)."""
        if not hasattr(self, "_commenter"):
            pk = whole_number(self.request.GET.get(COMMENTER_PARAMETER, ""))
            self._commenter = (
                comments_for(self.request.user).filter(pk=pk).first() if pk else None
            )
        return self._commenter

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
        scope = comments_for(self.request.user)
        histories = commenter_histories(comments, scope)
        rules = commenter_rules(comments)
        reports = report_summaries([c.pk for c in comments])
        for comment in comments:
            comment.queue_article = articles.get(comment.object_pk)
            comment.queue_parent = parents.get(comment.parent_id)
            comment.queue_rule = rule_label(comment.moderation_rule)
            comment.queue_history = histories.get(comment.pk)
            comment.queue_commenter_rule = rules.get(comment.pk)
            comment.queue_reports = reports.get(comment.pk)
        status = current_status(self.request)
        commenter = self.commenter()
        counts = status_counts(scope)
        tabs = [
            {"value": value, "label": label, "count": counts[value],
             "current": value == status and commenter is None}
            for value, label in [*ModerationStatus.choices, (REPORTED, gettext_lazy("Reported"))]
        ]
        site_settings = ModerationSettings.for_request(self.request)
        context.update(
            rows=comments,
            status=status,
            commenter=commenter,
            tabs=tabs,
            columns=self.queue_columns,
            actions=[a for a in self.queue_actions
                     if a.status != status or status == REPORTED or commenter],
            show_details=self.request.user.has_perm(VIEW_DETAILS),
            action_url=reverse("newsplugin_comments:act"),
            undo_url=reverse("newsplugin_comments:undo"),
            last_decision=self.request.session.get(LAST_DECISION_SESSION_KEY),
            reasons=site_settings.reason_choices(),
            rule_kinds=CommenterRuleKind.choices,
            # Unscoped, the chart has a query of its own that reads no join.
            chart=chart(
                scope=scope if moderated_sections(self.request.user) is not None else None
            ) if not self.results_only else None,
        )
        return context


class CommentEditForm(forms.ModelForm):
    class Meta:
        model = ArticleComment
        fields = ["comment"]


class ModerationEditView(EditView):
    """A moderator may correct a comment's text; the public page follows at once."""

    def get_object(self, queryset=None):
        return super().get_object(comments_for(self.request.user))

    def save_instance(self):
        instance = super().save_instance()
        article = instance.get_article()
        if article is not None:
            purge_article(article)
        return instance


class ModerationHistoryView(HistoryView):
    """A comment's history, for the moderators of its section only."""

    def get_base_object_queryset(self):
        return comments_for(self.request.user)


def _back(request):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(reverse("newsplugin_comments:index"))


def _ids(values):
    # Anything that is not a whole number is ignored.
    return {whole_number(value) for value in values} - {None}


def _answer(request, ok, message, status=200, **data):
    """JSON for the queue's script, else a message and a redirect back to the queue."""
    if wants_json(request):
        counts = status_counts(comments_for(request.user))
        return JsonResponse(
            {"ok": ok, "message": str(message), "counts": counts, **data},
            status=status if not ok else 200,
        )
    (messages.success if ok else messages.error)(request, message)
    return _back(request)


@require_POST
def act(request):
    """Approve, reject, mark as spam or restore: one row (``single``) or the ticked ones.

    The reply says what changed and, after a change, how to undo it (JSON for the
    queue's script; the queue page shows an Undo button from the session otherwise).
    """
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
        return _answer(request, False, _("Choose what to do with the comments."), status=400)
    if not ids:
        return _answer(request, False, _("Select at least one comment."), status=400)
    reason = request.POST.get("reason", "")
    reasons = ModerationSettings.for_request(request).reason_choices()
    if reason and reason not in reasons:
        return _answer(request, False, _("Choose a reason from the list."), status=400)
    receipt = apply_decision(ids, name, request.user, scope=comments_for(request.user),
                             reason=reason)
    # Singular messages only: the catalogues carry no plural forms.
    message = _("%(action)s: comments changed: %(count)d.") % {
        "action": ACTIONS[name].label, "count": receipt.changed,
    }
    if receipt.uuid:
        request.session[LAST_DECISION_SESSION_KEY] = {"uuid": receipt.uuid, "message": message}
    return _answer(request, True, message, changed=receipt.changed, undo=receipt.uuid,
                   ids=sorted(ids))


@require_POST
def undo_decision(request):
    """Put back what a decision changed (its ``uuid``), logged like any decision."""
    if not can_moderate(request.user):
        raise PermissionDenied
    try:
        decision = uuid.UUID(request.POST.get("uuid", ""))
    except ValueError:
        return _answer(request, False, _("There is no decision to undo."), status=400)
    receipt = undo(decision, request.user, scope=comments_for(request.user))
    last = request.session.get(LAST_DECISION_SESSION_KEY) or {}
    if last.get("uuid") == str(decision):
        del request.session[LAST_DECISION_SESSION_KEY]
    if not receipt.changed:
        return _answer(
            request, False,
            _("Nothing to undo: those comments were changed again since."), status=409,
        )
    message = _("Undone: comments put back: %(count)d.") % {"count": receipt.changed}
    return _answer(request, True, message, changed=receipt.changed)


@require_POST
def feature_comment(request, pk):
    """Make an approved comment an editor's pick, or withdraw it (``featured=0``)."""
    if not can_moderate(request.user):
        raise PermissionDenied
    comment = get_object_or_404(comments_for(request.user), pk=pk)
    featured = request.POST.get("featured", "1") != "0"
    if featured and comment.moderation_status != ModerationStatus.APPROVED:
        return _answer(request, False, _("Only an approved comment can be an editor's pick."),
                       status=400)
    feature(comment, request.user, featured)
    message = (_("The comment is an editor's pick.") if featured
               else _("The comment is no longer an editor's pick."))
    return _answer(request, True, message, featured=comment.featured)


@require_POST
def set_commenter_rule(request, pk):
    """Always hold, or trust, the commenter of comment ``pk`` from now on (or neither)."""
    if not can_moderate(request.user):
        raise PermissionDenied
    comment = get_object_or_404(comments_for(request.user), pk=pk)
    kind = request.POST.get("rule", "")
    if kind not in CommenterRuleKind.values and kind != "none":
        return _answer(request, False, _("Choose a rule for this commenter."), status=400)
    if not comment.email_key:
        return _answer(request, False, _("This comment has no email to recognise its writer by."),
                       status=400)
    with transaction.atomic():
        CommenterRule.objects.filter(email_key=comment.email_key).delete()
        if kind != "none":
            CommenterRule.objects.create(
                kind=kind,
                email_key=comment.email_key,
                # Holding by the full address too costs nobody anything; trust never does.
                address_key=comment.address_key if kind == CommenterRuleKind.HOLD else "",
                user_name=comment.user_name,
                created_by=request.user,
            )
        log_commenter_rule(comment, kind, request.user)
    messages_by_kind = {
        CommenterRuleKind.HOLD: _("Every comment from %(name)s will be held from now on."),
        CommenterRuleKind.TRUST: _(
            "%(name)s is trusted: their comments are published unless a rule holds them."
        ),
        "none": _("%(name)s is treated like any commenter again."),
    }
    return _answer(request, True, messages_by_kind[kind] % {"name": comment.user_name}, rule=kind)


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
    parent = get_object_or_404(comments_for(request.user), pk=pk)
    hidden = parent.moderation_status != ModerationStatus.APPROVED
    form = ReplyForm(request.POST or None)
    if not hidden:
        del form.fields["approve_parent"]
    if request.method == "POST" and form.is_valid():
        status = parent.get_moderation_status_display()
        if hidden and form.cleaned_data["approve_parent"]:
            decide([parent.pk], "approve", request.user, scope=comments_for(request.user))
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
        waiting = pending_count(request.user)
        if waiting:
            component.label = f"{self.label} ({waiting})"
        return component


class PendingCommentsSummaryItem(SummaryItem):
    order = 250
    template_name = "newsplugin/admin/summary_pending.html"

    def get_context_data(self, parent_context):
        return {
            "pending": pending_count(self.request.user),
            "url": reverse("newsplugin_comments:index"),
        }

    def is_shown(self):
        return can_moderate(self.request.user)
