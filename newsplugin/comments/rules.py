"""Moderation rules: small functions that decide what happens to a new comment.

``ArticleCommentModerator`` runs the rules named in ``NEWSPLUGIN_MODERATION_RULES``
in order. Each rule is a callable taking a ``CommentContext`` and returning:

- ``None`` when it has nothing to say (the next rule runs);
- a ``Decision`` (``approved``, ``pending`` or ``spam``, with the rule's name),
  which ends the run and is stored on the comment;
- or it raises ``CommentRefused`` to turn the post away without storing it.

Rules match a reader by keys, never by what people see: ``email_key`` (the
normalised email) and ``address_key`` (a keyed hash of the full IP address, see
``newsplugin.addresses``), not the truncated address the queue shows. No rule
may answer differently depending on another reader's data in a way the poster
can see (a refusal, a status code): that would let anyone test whether an email
wrote a comment. Spam and held comments look alike to their author.

A site adds a rule of its own by writing such a function and listing its dotted
path in the setting, e.g. before ``"newsplugin.comments.rules.apply_policy"``, which always
decides and so comes last.
"""

import functools
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import caches
from django.db.models import Count, Q, Value
from django.utils.translation import gettext_lazy as _

from ..addresses import address_key, email_key
from ..cache.backends import claim
from ..conf import DEFAULT_RULES, conf  # noqa: F401  (DEFAULT_RULES: the rules in order)
from ..models import (
    ArticleComment,
    CommenterRule,
    CommenterRuleKind,
    CommentPolicy,
    ModerationSettings,
    ModerationStatus,
)
from ..prepared import PreparedQuery
from .commenters import is_returning_commenter, proves_commenter

# What the queue shows for each built-in rule; a site's own rule shows its name.
RULE_LABELS = {
    "blocked_sender": _("Blocked email, domain or IP address"),
    "learned_spam": _("Sender marked as spam before"),
    "like_spam": _("Shares one sign with a comment marked as spam"),
    "block_word": _("Block word"),
    "hold_word": _("Hold word"),
    "links": _("Too many links"),
    "hold_all": _("Every guest comment is held"),
    "first_time_commenter": _("First-time commenter"),
    "known_commenter": _("Known commenter"),
    "no_rule_tripped": _("No rule held it"),
    "newsroom": _("Reply from the newsroom"),
    "moderator": _("Moderator"),
    "commenter_held": _("A moderator holds this commenter"),
    "commenter_trusted": _("A moderator trusts this commenter"),
    "reader_reports": _("Reported by readers"),
}


def rule_label(name):
    return RULE_LABELS.get(name, name)


@dataclass(frozen=True)
class Decision:
    status: str
    rule: str


class CommentRefused(Exception):
    """Turn a post away, storing nothing; the reader sees ``message`` with ``status_code``."""

    def __init__(self, rule, message, status_code=400):
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.status_code = status_code


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@dataclass
class ArticleRules:
    """The site's moderation settings with the article's own overrides applied."""

    policy: str = CommentPolicy.HOLD_ALL
    max_links: int = 2
    hold_words: list = field(default_factory=list)
    block_words: list = field(default_factory=list)
    blocked_emails: set = field(default_factory=set)
    blocked_domains: set = field(default_factory=set)
    blocked_ips: set = field(default_factory=set)
    flood_seconds: int = 15

    @classmethod
    def for_article(cls, article, request=None):
        site_settings = (
            ModerationSettings.for_request(request)
            if request is not None
            else ModerationSettings.for_site(article.get_site())
        )
        return cls(
            policy=article.comment_policy or site_settings.policy,
            max_links=(
                article.comment_max_links
                if article.comment_max_links is not None
                else site_settings.max_links
            ),
            hold_words=_lines(site_settings.hold_words),
            block_words=_lines(site_settings.block_words),
            blocked_emails={line.lower() for line in _lines(site_settings.blocked_emails)},
            blocked_domains={
                line.lower().lstrip("@") for line in _lines(site_settings.blocked_domains)
            },
            blocked_ips=set(_lines(site_settings.blocked_ips)),
            flood_seconds=site_settings.flood_seconds,
        )


@dataclass
class CommentContext:
    """What a rule may look at: the unsaved comment, its article, the rules in force
    and the request it came with (None when a rule is called outside a post)."""

    comment: object
    article: object
    rules: ArticleRules
    request: object = None

    @property
    def email(self):
        return email_key(self.comment.user_email)

    email_key = email

    @property
    def ip(self):
        """The reader's full address, as ``client_address()`` resolved it (not yet truncated)."""
        return self.comment.ip_address or ""

    @property
    def address_key(self):
        return address_key(self.ip)

    @property
    def session(self):
        return getattr(self.request, "session", None)

    @cached_property
    def commenter_rules(self):
        """[(kind, email_key)] of the moderators' rules naming this commenter by their
        email or their full address: one query, shared by the hold and trust rules."""
        signals = {"email_key": self.email_key, "address_key": self.address_key}
        signals = {name: value for name, value in signals.items() if value}
        if not signals:
            return []
        return _commenter_rules_query(tuple(signals))(*signals.values())


# Web addresses as a reader or a bot writes them, bare or inside markup.
LINK = re.compile(r"(?:\bhttps?://|\bwww\.)\S", re.IGNORECASE)


def find_words(words, text):
    """The first of ``words`` (whole words or phrases, any case) found in ``text``."""
    for word in words:
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE):
            return word
    return None


POSTED_SESSION_KEY = "newsplugin_posted"
# A reader's session remembers this many of their own comments, for duplicates.
MAX_POSTED = 20


def posted_digest(article_pk, text):
    return hashlib.sha256(f"{article_pk}\n{text}".encode()).hexdigest()[:32]


def remember_posted(request, comment):
    """Note in this reader's session that they sent ``comment`` (text and article only)."""
    session = getattr(request, "session", None)
    if session is None:
        return
    digest = posted_digest(comment.object_pk, comment.comment)
    posted = [d for d in session.get(POSTED_SESSION_KEY, []) if d != digest]
    session[POSTED_SESSION_KEY] = (posted + [digest])[-MAX_POSTED:]


def refuse_duplicates(context):
    """The same reader sending the same words twice on one article is told so.

    Only this reader's own session is asked: comparing with other readers'
    comments (by text and email) told anyone whether an email wrote a comment.
    The same words from someone else are an ordinary new comment.
    """
    session = context.session
    if session is None:
        return
    if posted_digest(context.article.pk, context.comment.comment) in session.get(
        POSTED_SESSION_KEY, []
    ):
        raise CommentRefused(
            "duplicate",
            _("You have already posted this comment on this article."),
            status_code=409,
        )


def flood_keys(context):
    """The flood-control keys of this post: the keyed hash of the reader's full address.

    Not the email: anyone can type anyone's email, so counting by it would let a
    stranger lock a reader out, and its 429 would say the reader just posted.
    """
    key = context.address_key
    return [f"newsplugin:flood:address:{key[:40]}"] if key else []


def refuse_floods(context):
    """One comment per reader address every ``flood_seconds``, across servers.

    ``cache.add`` only stores a key that is absent, atomically on Redis and
    Memcached, so two workers cannot both let the same reader through. While the
    cache is down, each worker counts on its own (``claim``).
    """
    seconds = context.rules.flood_seconds
    if not seconds:
        return
    cache = caches[conf.MODERATION_CACHE_ALIAS]
    for key in flood_keys(context):
        if not claim(cache, key, seconds):
            raise CommentRefused(
                "flood",
                _("You are posting too quickly. Wait a few seconds and send it again."),
                status_code=429,
            )


def spam_blocked_senders(context):
    rules = context.rules
    domain = context.email.rpartition("@")[2]
    if (
        context.email in rules.blocked_emails
        or domain in rules.blocked_domains
        or (context.ip and context.ip in rules.blocked_ips)
    ):
        return Decision(ModerationStatus.SPAM, "blocked_sender")


# Hosts named in links ("https://host/…", "www.host"), to compare with spam's links.
LINKED_HOST = re.compile(r"(?:\bhttps?://|\bwww\.)(?:www\.)?([a-z0-9.-]+\.[a-z]{2,})", re.I)
MAX_DOMAINS = 5


def linked_domains(*texts):
    """The web domains ``texts`` link to, lower case, without "www."."""
    found = []
    for text in texts:
        for host in LINKED_HOST.findall(text or ""):
            host = host.lower().strip(".")
            if host not in found:
                found.append(host)
    return found[:MAX_DOMAINS]


def _links_to(domain):
    linked = Q()
    for prefix in ("//", "www."):
        linked |= Q(comment__icontains=prefix + domain) | Q(user_url__icontains=prefix + domain)
    return linked


def spam_learned_senders(context):
    """Learn from comments a moderator marked as spam, without binning anyone else.

    Three signals: the same email, the same full address (its keyed hash, never
    the /24 people see) and a linked domain. Two of them send the comment to
    Spam; one alone only holds it for a moderator, because one is what a
    different reader can share by chance (a carrier's NAT address, a popular
    site) or by malice (a spammer typing someone else's email). One query.
    """
    checks = {}
    if context.email_key:
        checks["email"] = Q(email_key=context.email_key)
    if context.address_key:
        checks["address"] = Q(address_key=context.address_key)
    domains = linked_domains(context.comment.comment, context.comment.user_url)
    if domains:
        checks["domain"] = Q()
        for domain in domains:
            checks["domain"] |= _links_to(domain)
    if not checks:
        return None
    if domains:
        counts = _spam_counts(checks)
    else:
        # No link: only the keys, as a prepared query (newsplugin.prepared).
        keys = {"email": context.email_key, "address": context.address_key}
        keys = {name: value for name, value in keys.items() if name in checks}
        found = _learned_spam_query(tuple(keys))(*keys.values())
        counts = dict(zip(keys, found[0], strict=True)) if found else {}
    signals = [name for name, count in counts.items() if count]
    if len(signals) >= 2:
        return Decision(ModerationStatus.SPAM, "learned_spam")
    if signals:
        return Decision(ModerationStatus.PENDING, "like_spam")
    return None


def _spam_sharing(checks):
    """The comments marked as spam that share any of ``checks`` ({signal: Q})."""
    any_signal = Q()
    for check in checks.values():
        any_signal |= check
    return ArticleComment.objects.with_status(ModerationStatus.SPAM).filter(any_signal).order_by()


def _spam_counts(checks):
    """{signal: how many comments marked as spam share it} for {signal: Q}."""
    counts = {name: Count("pk", filter=check) for name, check in checks.items()}
    return _spam_sharing(checks).aggregate(**counts)


@functools.cache
def _learned_spam_query(signals):
    """The counts of ``_spam_counts()`` for the email and address keys named in
    ``signals``, given in that order, prepared."""
    fields = {"email": "email_key", "address": "address_key"}

    def build(*values):
        checks = {
            name: Q(**{fields[name]: value}) for name, value in zip(signals, values, strict=True)
        }
        counted = _spam_sharing(checks).annotate(counted=Value(1)).values("counted")
        counts = {f"{name}_signal": Count("pk", filter=check) for name, check in checks.items()}
        return counted.annotate(**counts).values_list(*counts)

    return PreparedQuery(ArticleComment, build)


@functools.cache
def _commenter_rules_query(fields):
    """[(kind, email_key)] of the rules whose ``fields`` (email_key, address_key) equal
    the values given in that order, prepared."""

    def build(*values):
        signals = Q()
        for name, value in zip(fields, values, strict=True):
            signals |= Q(**{name: value})
        return CommenterRule.objects.filter(signals).values_list("kind", "email_key")

    return PreparedQuery(CommenterRule, build)


def spam_block_words(context):
    text = f"{context.comment.user_name}\n{context.comment.user_url}\n{context.comment.comment}"
    if find_words(context.rules.block_words, text):
        return Decision(ModerationStatus.SPAM, "block_word")


def hold_words(context):
    text = f"{context.comment.user_name}\n{context.comment.comment}"
    if find_words(context.rules.hold_words, text):
        return Decision(ModerationStatus.PENDING, "hold_word")


def hold_many_links(context):
    limit = context.rules.max_links
    if limit and len(LINK.findall(context.comment.comment)) >= limit:
        return Decision(ModerationStatus.PENDING, "links")


def hold_commenters(context):
    """A moderator chose to hold this commenter: by their email, or their full address."""
    if any(kind == CommenterRuleKind.HOLD for kind, _email in context.commenter_rules):
        return Decision(ModerationStatus.PENDING, "commenter_held")


def trust_commenters(context):
    """A moderator trusts this commenter, and this browser or account proves it is them
    (an email anyone can type is not enough: see ``commenters.proves_commenter``)."""
    if not context.email_key or context.request is None:
        return None
    # By the email only: a trusted reader's neighbour on the same address is not them.
    trusted = any(
        kind == CommenterRuleKind.TRUST and email == context.email_key
        for kind, email in context.commenter_rules
    )
    if trusted and proves_commenter(context.request, context.email_key):
        return Decision(ModerationStatus.APPROVED, "commenter_trusted")


def apply_policy(context):
    """The article's policy decides what no other rule did."""
    policy = context.rules.policy
    if policy == CommentPolicy.PUBLISH:
        return Decision(ModerationStatus.APPROVED, "no_rule_tripped")
    if policy == CommentPolicy.HOLD_FIRST_TIME:
        # The email and name alone prove nothing: this browser's cookie, or the account.
        if context.request is not None and is_returning_commenter(
            context.request, context.comment
        ):
            return Decision(ModerationStatus.APPROVED, "known_commenter")
        return Decision(ModerationStatus.PENDING, "first_time_commenter")
    return Decision(ModerationStatus.PENDING, "hold_all")
