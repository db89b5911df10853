"""Posting a reader comment: refuse what is not allowed, store what is, redirect.

Article pages are the same for every anonymous reader, so a shared cache or CDN
may keep them: their reply form carries no CSRF token. A small script
(``newsplugin/comment-form.js``) fetches one from ``comment_token`` when the
reader starts typing. Without the script, the post is refused with HTTP 403 and
the reader's words come back in a form that does carry a token.
"""

from contextlib import nullcontext

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_comments import signals
from wagtail.models import Site

from ..addresses import client_address
from ..conf import conf
from ..languages import override_to
from ..models import ArticleComment, ArticlePage, find_public_article
from ..numbers import page_number
from ..prepared import PreparedQuery
from ..sanitise import is_http_url
from ..sites import site_not_needed
from .commenters import forget_commenter, read_commenter, remember_commenter
from .forms import ArticleCommentForm
from .notifications import UNSUBSCRIBE_DECISION_SALT, comment_for_token, comment_posted
from .rules import CommentRefused, remember_posted
from .threads import (
    ROW_FIELDS,
    CommentRow,
    featured_comments,
    remember_pending_comment,
    visible_comment_ids,
)

ARTICLE_CONTENT_TYPE = "newsplugin.articlepage"


def refuse(request, status, message):
    """A small page that says why nothing was stored."""
    # Rendered now, in the language active here (the article's, once it is known).
    return TemplateResponse(
        request, "newsplugin/comments/refused.html", {"message": message}, status=status
    ).render()


def find_article(data):
    """The live, public article a post is aimed at, or None."""
    if data.get("content_type") != ARTICLE_CONTENT_TYPE:
        return None
    return find_public_article(data.get("object_pk", ""))


def article_site(request, article):
    """The site ``article`` is served from on this request, or None when it is not routable.

    Usually the request's own site, which Wagtail finds once per request and the
    moderation settings read too; ``Page.get_site()`` would look it up again.
    """
    parts = article.get_url_parts(request)
    if parts is None:
        return None
    site = Site.find_for_request(request)
    if site is not None and site.pk == parts[0]:
        return site
    return Site.objects.filter(pk=parts[0]).first()


def lock_article(article):
    """Hold the article's own row until the transaction ends (a no-op on SQLite)."""
    _LOCK_ARTICLE(article.pk)


_LOCK_ARTICLE = PreparedQuery(
    ArticlePage,
    lambda pk: ArticlePage.objects.select_for_update(of=("self",))
    .filter(pk=pk)
    .values_list("pk", flat=True),
)


def _csrf_passes(request):
    """Django's own CSRF check, run here so that a failure can keep the reader's words."""
    return CsrfViewMiddleware(lambda request: None).process_view(request, _checked, (), {}) is None


def _checked(request):  # the view the CSRF check is told it guards (not exempt)
    return None


def _hand_back(request, article, status, message=None):
    """Refuse the post, storing nothing, with the reader's words in a fresh form."""
    data = request.POST
    fresh = ArticleCommentForm(
        article,
        initial={
            "reply_to": data.get("reply_to", 0),
            "notify_replies": bool(data.get("notify_replies")),
            "notify_decision": bool(data.get("notify_decision")),
            "remember": bool(data.get("remember")),
            **{field: data.get(field, "") for field in ("name", "email", "url", "comment")},
        },
    )
    fresh.refused = True
    fresh.refusal_message = message
    response = article.serve(request, comment_form=fresh)
    response.status_code = status
    return response


@site_not_needed
@require_GET
@never_cache
def comment_token(request):
    """Fresh anti-forgery values for the reply form of a cached article page."""
    article = find_article({"content_type": ARTICLE_CONTENT_TYPE, **request.GET.dict()})
    if article is None or not article.comments_are_open():
        with override_to(article) if article else nullcontext():
            message = _("Comments are closed on this article.")
        return JsonResponse({"error": message}, status=404)
    security = ArticleCommentForm(article).generate_security_data()
    values = {
        "csrfmiddlewaretoken": get_token(request),
        "timestamp": security["timestamp"],
        "security_hash": security["security_hash"],
    }
    saved = read_commenter(request)
    if saved:
        # This reader's own details, from their HttpOnly cookie, for this response only.
        values["commenter"] = {key: saved[key] for key in ("name", "email", "url")}
    return JsonResponse(values)


@csrf_exempt  # checked inside, so that a refused post keeps what the reader wrote
@require_POST
def post_comment(request):
    """Validate a reply, let the moderator hold it, and send the reader back to the article."""
    try:
        data = request.POST
    except (RequestDataTooBig, TooManyFieldsSent):
        # Django would log these with a traceback and answer 400; they are a
        # broken or hostile client, not a server fault.
        return refuse(request, 413, _("What you sent is too large to be a comment."))
    article = find_article(data)
    if article is None:
        return refuse(request, 404, _("Comments can only be posted on published articles."))
    # Every answer from here on speaks the article's language.
    with override_to(article):
        return _post_to(request, article, data)


def _post_to(request, article, data):
    if not article.comments_are_open():
        return refuse(request, 403, _("Comments are closed on this article."))
    if not _csrf_passes(request):
        return _hand_back(request, article, 403)

    form = ArticleCommentForm(
        article, data=data, user=request.user, site=article_site(request, article)
    )
    if form.security_errors():
        # Expired or forged: nothing is stored, and nothing the reader typed is lost.
        return _hand_back(request, article, 400)
    if not form.is_valid():
        return article.serve(request, comment_form=form)

    # xtd's duplicate check and its thread ordering read, then write: two posts at
    # the same moment would both pass the check and share an ``order``. One post at a
    # time per article (the moderation rules run inside the lock too), and a reply's
    # two saves (the second with its thread data) happen both or neither.
    with transaction.atomic():
        lock_article(article)
        comment = form.get_comment_object(site_id=getattr(request, "site_id", None))
        created = comment.pk is None
        if created:
            # The full address, for the rules; saving keeps only what addresses.py allows.
            comment.ip_address = client_address(request)
            if request.user.is_authenticated:
                comment.user = request.user
            try:
                responses = signals.comment_will_be_posted.send(
                    sender=comment.__class__, comment=comment, request=request
                )
            except CommentRefused as refusal:
                # Too fast, or said already: nothing is stored and the words come back.
                return _hand_back(request, article, refusal.status_code, refusal.message)
            if any(response is False for _receiver, response in responses):
                return refuse(request, 403, _("This comment cannot be posted here."))
            comment.save()
            remember_posted(request, comment)
    if created:
        signals.comment_was_posted.send(
            sender=comment.__class__, comment=comment, request=request
        )
        comment_posted(comment)
    # A comment a rule published at once purges the cached article (newsplugin.cache.signals).
    if not comment.is_public:
        remember_pending_comment(request, comment)
    response = HttpResponseRedirect(f"{article.get_url(request)}#comments", status=303)
    if created and form.cleaned_data.get("remember"):
        remember_commenter(response, request, comment)
    elif created:
        forget_commenter(response, request)
    return response


@require_GET
def article_comments(request, article_id):
    """An article's approved comments as JSON, oldest first, a page at a time.

    What the public page shows and nothing more: no email, no IP address, no
    hash of either, no comment that waits for a moderator, and no reply under a
    comment the page hides.
    """
    article = find_public_article(article_id)
    if article is None:
        return JsonResponse({"error": _("No published article has this number.")}, status=404)
    page = Paginator(
        visible_comment_ids(article), conf.COMMENT_THREADS_PER_PAGE
    ).get_page(page_number(request.GET.get("page")))
    rows = ArticleComment.objects.filter(pk__in=list(page.object_list))
    rows = rows.order_by("submit_date", "pk").values_list(*ROW_FIELDS)

    def page_url(number):
        return f"{request.path}?page={number}"

    return JsonResponse(
        {
            "article": {"id": article.pk, "title": article.title, "url": article.get_url(request)},
            "count": page.paginator.count,
            # The editor's picks, shown first under the article: on every page.
            "featured": [_public_comment(row) for row in featured_comments(article)],
            "page": page.number,
            "num_pages": page.paginator.num_pages,
            "next": page_url(page.next_page_number()) if page.has_next() else None,
            "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
            "results": [_public_comment(CommentRow(*row)) for row in rows],
        }
    )


def _public_comment(comment):
    return {
        "id": comment.pk,
        # django-comments-xtd makes a comment on the article its own parent.
        "parent": comment.parent_id if comment.parent_id != comment.pk else None,
        "level": comment.level,
        "name": comment.user_name,
        # A reply from the newsroom itself (the page marks it "Newsroom"/"Redaksi").
        "newsroom": bool(comment.by_newsroom),
        # An editor's pick ("Pilihan Redaksi"/"Editor's pick" on the page).
        "featured": bool(comment.featured),
        "website": comment.user_url if is_http_url(comment.user_url) else "",
        "html": comment.comment_html,
        "submitted": comment.submit_date.isoformat(),
    }


@csrf_exempt  # RFC 8058 one-click: mail clients POST without a token; the signed link is the proof
@require_http_methods(["GET", "POST"])
@never_cache
def unsubscribe_replies(request, token):
    """Stop reply notifications for one comment: a POST does it, a GET only asks.

    Mail scanners follow every link in a message, so opening the link shows a
    button; the button, and a mail client's RFC 8058 one-click POST, unsubscribe.
    """
    return _unsubscribe(request, comment_for_token(token), "notify_replies")


@csrf_exempt  # as unsubscribe_replies
@require_http_methods(["GET", "POST"])
@never_cache
def unsubscribe_decision(request, token):
    """Stop the e-mail about a moderator's decision on one comment: as for replies."""
    return _unsubscribe(
        request, comment_for_token(token, UNSUBSCRIBE_DECISION_SALT), "notify_decision"
    )


def _unsubscribe(request, comment, flag):
    context = {"decision": flag == "notify_decision"}
    if comment is None:
        return TemplateResponse(
            request, "newsplugin/comments/unsubscribed.html", {"invalid": True, **context},
            status=400,
        )
    if request.method == "POST":
        if getattr(comment, flag):
            setattr(comment, flag, False)
            type(comment).objects.filter(pk=comment.pk).update(**{flag: False})
        context["unsubscribed"] = True
    else:
        context.update(confirm=True, subscribed=getattr(comment, flag))
    # In the language of the article, as the e-mail with the link was.
    article = comment.get_article()
    with override_to(article) if article else nullcontext():
        return TemplateResponse(request, "newsplugin/comments/unsubscribed.html", context).render()
