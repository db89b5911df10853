"""The comment section of an article: threads, pages, the reader's own pending comments.

Two queries at most whatever the number of comments: one counts approved
comments and threads (none when the article was found for serving, whose query
counted them), one loads the page of threads (top-level comments and all their
replies) through a subquery, and only when there are any. Trees are built
here, not by xtd's template tags.
"""

import functools
import re
import weakref
from dataclasses import dataclass, field
from html import escape as html_escape

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django_comments_xtd.models import XtdComment

from ..conf import conf
from ..languages import date_format, date_text, format_date
from ..models import ArticleComment, ReportReason
from ..models.querysets import article_content_type
from ..numbers import page_number, whole_number
from ..prepared import PreparedQuery
from ..sanitise import is_http_url
from .forms import ArticleCommentForm, LazyReaderForm

PAGE_PARAMETER = "comment-page"
REPLY_PARAMETER = "reply_to"
SESSION_KEY = "newsplugin_pending_comments"
# A reader sees at most this many of their own pending comments.
MAX_REMEMBERED = 20
# What the public may see of a comment: never the email or the IP address.
PUBLIC_FIELDS = (
    "id",
    "user_name",
    "user_url",
    "comment_html",
    "submit_date",
    "parent_id",
    "thread_id",
    "level",
    "by_newsroom",
    "featured",
)
# CommentRow's fields, in its order.
ROW_FIELDS = PUBLIC_FIELDS


@dataclass(slots=True)
class CommentRow:
    """An approved comment as the public page needs it: no email, no IP, no model.

    Besides the stored fields it offers what ``newsplugin/comments/meta.html``
    and ``comment.html`` show: ``initial``, ``website`` (the reader's address when
    it is http(s), else empty), ``posted_iso``, ``posted_text`` and ``html``.
    """

    id: int
    user_name: str
    user_url: str
    comment_html: str
    submit_date: object
    parent_id: int
    thread_id: int
    level: int
    by_newsroom: bool = False
    featured: bool = False

    @property
    def pk(self):
        return self.id

    @property
    def initial(self):
        return (self.user_name or "").strip()[:1].upper()

    @property
    def website(self):
        return self.user_url if is_http_url(self.user_url) else ""

    @property
    def posted_iso(self):
        return timezone.localtime(self.submit_date).isoformat()

    @property
    def posted_text(self):
        return format_date(self.submit_date, with_time=True)

    @property
    def html(self):
        # Sanitised when the comment was saved (newsplugin.sanitise).
        return mark_safe(self.comment_html)  # noqa: S308


@dataclass
class CommentNode:
    """One comment in reading order, with what its template needs to nest it."""

    comment: object
    depth: int
    has_replies: bool = False
    closes: int = 0  # reply lists that end after this comment
    can_reply: bool = False

    @property
    def close_range(self):
        return range(self.closes)


# What comment.html may show of a comment; each is escaped on the way in but ``html``.
MARKUP_FIELDS = ("pk", "user_name", "initial", "website", "posted_iso", "posted_text", "html")
_MARK = "\x1f"
_PLACEHOLDER = re.compile(f"{_MARK}([a-z_]+){_MARK}")


class _Placeholder:
    """A comment whose every field renders as a marker, for ``ThreadMarkup``."""

    def __init__(self, website, can_reply, by_newsroom, featured=False):
        for name in MARKUP_FIELDS:
            setattr(self, name, mark_safe(f"{_MARK}{name}{_MARK}"))  # noqa: S308
        if not website:
            self.website = ""
        self.can_reply = can_reply
        self.by_newsroom = by_newsroom
        self.featured = featured


class ThreadMarkup:
    """The markup of a page of threads, from ``newsplugin/comments/comment.html``.

    On a page of 200 comments the template engine's per-comment cost was most of
    the page, so the template is rendered once per variant (the reader left a
    website or not, a reply link or not) with a marker in place of each field,
    and every comment fills those markers in: one template a site overrides, at
    the cost of string formatting. Values are escaped here, except ``html``,
    which was sanitised when the comment was saved.

    The template therefore sees each field as it is: it may test ``website``,
    ``can_reply``, ``by_newsroom`` and ``featured``, but filters or conditions on
    other fields would apply to the markers. A site that needs more overrides
    ``newsplugin/comments/thread_list.html`` and renders ``nodes`` (each with
    ``comment``, ``depth``, ``has_replies``, ``closes`` and ``can_reply``) itself.
    """

    template_name = "newsplugin/comments/comment.html"

    def __init__(self):
        self.timezone = timezone.get_current_timezone()
        self.language = translation.get_language()
        # How every page writes a date and time, looked up once for all comments.
        self.date_pattern = date_format(with_time=True)
        self._template = self._variants = None

    def variant(self, website, can_reply, by_newsroom=False, featured=False):
        """comment.html for one variant, as a ``str.format`` pattern of ``MARKUP_FIELDS``
        (by position, the quickest form to fill in)."""
        key = (bool(website), can_reply, bool(by_newsroom), bool(featured))
        if self._variants is None:
            self._template = get_template(self.template_name)
            self._variants = _variants_of(self._template, self.language)
        pattern = self._variants.get(key)
        if pattern is None:
            html = self._template.render({"comment": _Placeholder(*key)})
            literal = html.replace("{", "{{").replace("}", "}}")
            pattern = self._variants[key] = _PLACEHOLDER.sub(
                lambda match: f"{{{MARKUP_FIELDS.index(match[1])}}}", literal
            )
        return pattern

    def date(self, moment):
        """``moment``'s ``datetime`` attribute and text, as every page writes a date."""
        return _comment_date(moment, self.timezone, self.date_pattern, self.language)

    def comment(self, comment, reply=False):
        url = comment.user_url
        website = url if is_http_url(url) else ""
        name = comment.user_name or ""
        posted_iso, posted_text = self.date(comment.submit_date)
        # In MARKUP_FIELDS' order.
        return self.variant(
            website, reply, comment.by_newsroom, getattr(comment, "featured", False)
        ).format(
            comment.pk,
            # The standard library's escape, as Django's escape() uses, without its wrappers.
            html_escape(name),
            html_escape(name.strip()[:1].upper()),
            html_escape(website),
            posted_iso,
            posted_text,
            comment.comment_html,
        )

    def picks(self, comments):
        """The editor's picks, shown above the threads (no reply link: they answer below)."""
        parts = ['<ol class="np-comments__list np-comments__picks-list">']
        for comment in comments:
            parts.append(f'<li class="np-comment np-comment--pick" id="pick-{comment.pk}">')
            parts.append(self.comment(comment))
            parts.append("</li>")
        parts.append("</ol>")
        return mark_safe("".join(parts))  # noqa: S308

    def thread_list(self, nodes):
        parts = ['<ol class="np-comments__list">']
        for node in nodes:
            pk = node.comment.pk
            parts.append(
                f'<li class="np-comment np-comment--depth-{node.depth}" id="comment-{pk}">'
            )
            parts.append(self.comment(node.comment, reply=node.can_reply))
            parts.append('<ol class="np-comment__replies">' if node.has_replies else "</li>")
            parts.append("</ol></li>" * node.closes)
        parts.append("</ol>")
        # Safe: built from the template, escaped values and sanitised comment HTML.
        return mark_safe("".join(parts))  # noqa: S308


@functools.lru_cache(maxsize=8192)
def _comment_date(moment, zone, pattern, language):
    """A comment date's ISO form in ``zone`` and its escaped text, kept (bounded): a
    page of 200 comments spent most of its markup time looking up the language, zone
    and pattern for every date. Kept here, not in ``format_date``'s store, so that a
    long thread's dates do not push out the dates listings write on every request."""
    text = date_text(moment, zone, pattern, language)
    return timezone.localtime(moment, zone).isoformat(), html_escape(text)


# comment.html's patterns, kept from request to request for as long as the template
# loader keeps the template (until a template changes, in development): per
# language and script prefix, the only things the placeholders' markup depends on.
_PATTERNS = weakref.WeakKeyDictionary()


def _variants_of(template, language):
    """The patterns already made from ``template`` (a backend template) in ``language``."""
    per_template = _PATTERNS.setdefault(template.template, {})
    return per_template.setdefault((language, get_script_prefix()), {})


@dataclass
class CommentSection:
    article: object
    is_open: bool
    count: int
    page_obj: object
    nodes: list = field(default_factory=list)
    pending: list = field(default_factory=list)
    form: object = None
    reply_to: object = None
    page_parameter: str = PAGE_PARAMETER
    featured: list = field(default_factory=list)

    @property
    def thread_html(self):
        return ThreadMarkup().thread_list(self.nodes)

    @property
    def report_reasons(self):
        return ReportReason.choices

    @property
    def featured_html(self):
        return ThreadMarkup().picks(self.featured)


def approved_comments(article):
    return ArticleComment.objects.for_article(article).approved()


def featured_comments(article):
    """The editor's picks on ``article``, oldest first (one query; a comment that
    leaves Approved takes its replies' picks with it, see moderation.decisions)."""
    rows = (
        approved_comments(article)
        .filter(featured=True)
        .order_by("submit_date", "pk")
        .values_list(*ROW_FIELDS)
    )
    return [CommentRow(*row) for row in rows]


def visible_comment_ids(article):
    """Ids of the approved comments the page shows, oldest first.

    A reply is shown only when every comment above it is approved too (as
    ``build_nodes`` does): an approved reply under a rejected comment stays hidden.
    One query of a few columns a comment.
    """
    rows = approved_comments(article).order_by("level")
    visible = []
    shown = set()
    for pk, parent_id, level, submitted in rows.values_list(
        "pk", "parent_id", "level", "submit_date"
    ):
        if level == 0 or parent_id in shown:
            shown.add(pk)
            visible.append((submitted, pk))
    return [pk for _submitted, pk in sorted(visible)]


def build_nodes(comments, max_depth, can_reply):
    """Comments in reading order: each thread depth first, oldest first at every level.

    A reply whose parent is not among ``comments`` (not approved, or removed) is
    left out with everything under it.
    """
    children = {}
    roots = []
    for comment in sorted(comments, key=lambda c: (c.submit_date, c.pk)):
        if comment.level == 0:
            roots.append(comment)
        else:
            children.setdefault(comment.parent_id, []).append(comment)

    nodes = []

    def walk(comment, depth):
        replies = children.get(comment.pk, ())
        nodes.append(
            CommentNode(
                comment,
                depth,
                has_replies=bool(replies),
                can_reply=can_reply and depth < max_depth,
            )
        )
        for reply in replies:
            walk(reply, depth + 1)
        if replies:
            nodes[-1].closes += 1

    for root in roots:
        walk(root, 1)
    return nodes


@functools.lru_cache(maxsize=64)
def _threads_query(offset, per_page):
    """One page of threads (and the editor's picks, which ride along with them: no
    query of their own), prepared per page (``newsplugin.prepared``)."""

    def build(content_type_id, object_pk):
        approved = ArticleComment.objects.filter(
            content_type_id=content_type_id, object_pk=object_pk
        ).approved()
        # The page's threads from xtd's table and django-comments', not through
        # ArticleComment: a join less, twice (the page is asked for twice), halved
        # PostgreSQL's planning, which took ten times what the query takes to run.
        threads = XtdComment.objects.filter(
            content_type_id=content_type_id,
            object_pk=object_pk,
            is_public=True,
            is_removed=False,
            level=0,
        )
        threads = threads.order_by("submit_date", "pk").values("pk")[offset : offset + per_page]
        return (
            approved.filter(Q(thread_id__in=threads) | Q(featured=True))
            .annotate(in_page=Q(thread_id__in=threads))
            .values_list("in_page", *ROW_FIELDS)
        )

    return PreparedQuery(ArticleComment, build)


def comment_section(article, request, form=None):
    """Everything ``newsplugin/comments/section.html`` shows for ``article``."""
    totals = comment_totals(article)
    per_page = conf.COMMENT_THREADS_PER_PAGE
    page_obj = Paginator(range(totals["threads"]), per_page).get_page(
        page_number(request.GET.get(PAGE_PARAMETER))
    )
    comments = []
    featured = []
    if totals["threads"]:
        offset = (page_obj.number - 1) * per_page
        rows = _threads_query(offset, per_page)(article_content_type().pk, str(article.pk))
        for in_page, *row in rows:
            comment = CommentRow(*row)
            if in_page:
                comments.append(comment)
            if comment.featured:
                featured.append(comment)
        featured.sort(key=lambda c: (c.submit_date, c.pk))

    is_open = article.comments_are_open()
    reply_to = None
    if is_open and form is None:
        reply_to = _reply_target(article, request.GET.get(REPLY_PARAMETER))
        if reply_to is None:
            form = LazyReaderForm(article)
        else:
            form = ArticleCommentForm(article, initial={"reply_to": reply_to.pk})
    elif form is not None:
        reply_to = getattr(form, "parent_comment", None)

    return CommentSection(
        article=article,
        is_open=is_open,
        count=totals["count"],
        page_obj=page_obj,
        nodes=build_nodes(comments, conf.COMMENT_MAX_DEPTH, is_open),
        pending=pending_comments(article, request),
        form=form if is_open else None,
        reply_to=reply_to,
        featured=featured,
    )


def comment_totals(article):
    """Approved comments and threads: counted with the page when it was found for serving
    (``ArticlePage.serving_annotations()``), else counted now."""
    if article.approved_comments is not None and article.approved_threads is not None:
        return {"count": article.approved_comments, "threads": article.approved_threads}
    return approved_comments(article).aggregate(
        count=Count("pk"), threads=Count("pk", filter=Q(level=0))
    )


def _reply_target(article, value):
    pk = whole_number(value)
    if not pk:
        return None
    parent = approved_comments(article).filter(pk=pk).only(*PUBLIC_FIELDS).first()
    if parent is None or parent.level + 1 >= conf.COMMENT_MAX_DEPTH:
        return None
    return parent


def remember_pending_comment(request, comment):
    """Let this reader, and only this reader, see their comment while it waits."""
    ids = [pk for pk in request.session.get(SESSION_KEY, []) if pk != comment.pk]
    request.session[SESSION_KEY] = (ids + [comment.pk])[-MAX_REMEMBERED:]


def pending_comments(article, request):
    """This reader's comments on ``article`` that still wait for a moderator.

    Costs a query only for a reader who has posted; the response is then marked
    private so that no shared cache hands the preview to anyone else.
    """
    session = getattr(request, "session", None)
    ids = session.get(SESSION_KEY) if session is not None else None
    if not ids:
        return []
    request.newsplugin_private_response = True
    rows = (
        ArticleComment.objects.for_article(article)
        .awaiting_for_their_author()  # telling a spammer would teach them
        .filter(pk__in=ids)
        .order_by("submit_date", "pk")
        .values_list(*ROW_FIELDS)
    )
    return [CommentRow(*row) for row in rows]
