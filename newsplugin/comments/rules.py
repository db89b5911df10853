"""Moderation rules: small functions that decide what happens to a new comment.

``ArticleCommentModerator`` runs the rules named in ``NEWSPLUGIN_MODERATION_RULES``
in order. Each rule is a callable taking a ``CommentContext`` and returning:

- ``None`` when it has nothing to say (the next rule runs);
- a ``Decision`` (``approved``, ``pending`` or ``spam``, with the rule's name),
  which ends the run and is stored on the comment;
- or it raises ``CommentRefused`` to turn the post away without storing it.

A site adds a rule of its own by writing such a function and listing its dotted
path in the setting, e.g. before ``"newsplugin.comments.rules.apply_policy"``, which always
decides and so comes last.
"""

import hashlib
import re
from dataclasses import dataclass, field

from django.core.cache import caches
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..addresses import stored_ip_address
from ..cache.backends import claim
from ..conf import DEFAULT_RULES, conf  # noqa: F401  (DEFAULT_RULES: the rules in order)
from ..models import ArticleComment, CommentPolicy, ModerationSettings, ModerationStatus

# What the queue shows for each built-in rule; a site's own rule shows its name.
RULE_LABELS = {
    "blocked_sender": _("Blocked email, domain or IP address"),
    "learned_spam": _("Sender marked as spam before"),
    "block_word": _("Block word"),
    "hold_word": _("Hold word"),
    "links": _("Too many links"),
    "hold_all": _("Every guest comment is held"),
    "first_time_commenter": _("First-time commenter"),
    "known_commenter": _("Known commenter"),
    "no_rule_tripped": _("No rule held it"),
    "newsroom": _("Reply from the newsroom"),
    "moderator": _("Moderator"),
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
    """What a rule may look at: the unsaved comment, its article and the rules in force."""

    comment: object
    article: object
    rules: ArticleRules

    @property
    def email(self):
        return (self.comment.user_email or "").strip().lower()

    @property
    def ip(self):
        return self.comment.ip_address or ""


# Web addresses as a reader or a bot writes them, bare or inside markup.
LINK = re.compile(r"(?:\bhttps?://|\bwww\.)\S", re.IGNORECASE)


def find_words(words, text):
    """The first of ``words`` (whole words or phrases, any case) found in ``text``."""
    for word in words:
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE):
            return word
    return None


def refuse_duplicates(context):
    comment = context.comment
    duplicate = (
        ArticleComment.objects.for_article(context.article)
        .filter(user_email__iexact=context.email, comment=comment.comment)
        .exists()
    )
    if duplicate:
        raise CommentRefused(
            "duplicate",
            _("You have already posted this comment on this article."),
            status_code=409,
        )


def flood_keys(context):
    keys = []
    for kind, value in (("ip", context.ip), ("email", context.email)):
        if value:
            digest = hashlib.sha256(value.encode()).hexdigest()[:32]
            keys.append(f"newsplugin:flood:{kind}:{digest}")
    return keys


def refuse_floods(context):
    """One comment per IP address and per email every ``flood_seconds``, across servers.

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


def spam_learned_senders(context):
    """A sender whose earlier comment a moderator marked as spam goes straight to Spam."""
    same_sender = Q(user_email__iexact=context.email) if context.email else Q(pk__in=[])
    if context.ip:
        # Stored addresses are truncated or hashed (addresses.py): compare like with like.
        same_sender |= Q(ip_address=stored_ip_address(context.ip))
    if ArticleComment.objects.with_status(ModerationStatus.SPAM).filter(same_sender).exists():
        return Decision(ModerationStatus.SPAM, "learned_spam")


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


def apply_policy(context):
    """The article's policy decides what no other rule did."""
    policy = context.rules.policy
    if policy == CommentPolicy.PUBLISH:
        return Decision(ModerationStatus.APPROVED, "no_rule_tripped")
    if policy == CommentPolicy.HOLD_FIRST_TIME:
        known = (
            ArticleComment.objects.with_status(ModerationStatus.APPROVED)
            .filter(user_email__iexact=context.email, user_name=context.comment.user_name)
            .exists()
        )
        if known:
            return Decision(ModerationStatus.APPROVED, "known_commenter")
        return Decision(ModerationStatus.PENDING, "first_time_commenter")
    return Decision(ModerationStatus.PENDING, "hold_all")
