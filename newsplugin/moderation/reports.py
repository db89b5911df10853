"""Readers report comments: "Laporkan" / "Report" under every public comment.

The article page is the same for every reader (a shared cache may keep it), so
it carries no token: ``comment-report.js`` fetches one from ``report_token`` and
posts the report; without the script the link opens ``report_comment``, a page
of its own with a token. A reader reports a comment once, and one comment every
``NEWSPLUGIN_REPORT_INTERVAL_SECONDS`` (counted on the keyed hash of their full
address, as flood control does). A comment with as many open reports as the
site's "reader reports that send a comment back to moderation" goes back to
Pending, logged.
"""

from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from ..addresses import address_key, client_address
from ..cache.backends import claim
from ..conf import conf
from ..models import ArticleComment, CommentReport, ModerationSettings, ReportReason
from ..numbers import whole_number
from ..sites import site_not_needed
from .decisions import hold_reported


def reportable_comment(value):
    """The approved comment, on a live public article, that ``value`` names; or None."""
    pk = whole_number(str(value or ""))
    if pk is None:
        return None
    comment = ArticleComment.objects.approved().filter(pk=pk).first()
    if comment is None or comment.article is None:
        return None
    return comment


def file_report(comment, reason, reader_key, site_settings):
    """Store the report; returns False when this reader had reported it already."""
    try:
        with transaction.atomic():
            CommentReport.objects.create(comment=comment, reason=reason, reader_key=reader_key)
    except IntegrityError:
        return False
    threshold = site_settings.reports_to_hold
    if threshold:
        open_reports = CommentReport.objects.filter(comment=comment, resolved_at__isnull=True)
        if open_reports.count() >= threshold:
            hold_reported(comment.pk)
    return True


def _csrf_passes(request):
    return CsrfViewMiddleware(lambda request: None).process_view(request, _checked, (), {}) is None


def _checked(request):  # the view the CSRF check is told it guards (not exempt)
    return None


def _answer(request, status, message, comment=None, reason="", form=False):
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"ok": status == 200, "message": message}, status=status)
    get_token(request)  # the page's form needs one
    return TemplateResponse(
        request,
        "newsplugin/comments/report.html",
        {
            "comment": comment,
            "message": message,
            "show_form": form,
            "report_reasons": ReportReason.choices,
            "chosen_reason": reason,
            "article": comment.article if comment is not None else None,
        },
        status=status,
    )


@site_not_needed
@require_GET
@never_cache
def report_token(request):
    """A fresh anti-forgery token for the report form of a cached article page."""
    return JsonResponse({"csrfmiddlewaretoken": get_token(request)})


@csrf_exempt  # checked inside, so that a refused report keeps the reader's choice
@require_http_methods(["GET", "POST"])
@never_cache
def report_comment(request):
    """GET: the report form for one comment; POST: file the report."""
    data = request.POST if request.method == "POST" else request.GET
    comment = reportable_comment(data.get("comment"))
    if comment is None:
        return _answer(request, 404, _("This comment cannot be reported: it is not published."))
    reason = data.get("reason", "")
    if request.method == "GET":
        return _answer(request, 200, "", comment, reason, form=True)
    if not _csrf_passes(request):
        return _answer(
            request, 403,
            _("This form expired or could not be verified. Choose a reason and send it again."),
            comment, reason, form=True,
        )
    if reason not in ReportReason.values:
        return _answer(request, 400, _("Choose why you are reporting this comment."),
                       comment, reason, form=True)
    reader_key = address_key(client_address(request)) or "anonymous"
    cache = caches[conf.MODERATION_CACHE_ALIAS]
    interval = conf.REPORT_INTERVAL_SECONDS
    if interval and not claim(cache, f"newsplugin:report:{reader_key[:40]}", interval):
        return _answer(
            request, 429,
            _("You are reporting too quickly. Wait a few seconds and send it again."),
            comment, reason, form=True,
        )
    site_settings = ModerationSettings.for_site(comment.article.get_site())
    filed = file_report(comment, reason, reader_key, site_settings)
    message = (
        _("Thank you: the moderators will look at this comment.")
        if filed
        else _("You have reported this comment already. The moderators will look at it.")
    )
    return _answer(request, 200, message, comment)
