"""Every newsplugin setting and its default, in one place.

Read settings through ``conf`` (``from newsplugin.conf import conf``) rather than
``django.conf.settings`` so that defaults live here and tests can override them
with ``override_settings``.
"""

from django.conf import settings
from PIL import Image

# The moderation rules (newsplugin.comments.rules), in the order they run.
# Flood control comes before every rule that reads other readers' comments, so that
# those rules cannot be asked questions at speed; duplicates are this reader's own.
DEFAULT_RULES = [
    "newsplugin.comments.rules.refuse_duplicates",
    "newsplugin.comments.rules.refuse_floods",
    "newsplugin.comments.rules.spam_blocked_senders",
    "newsplugin.comments.rules.spam_learned_senders",
    "newsplugin.comments.rules.spam_block_words",
    "newsplugin.comments.rules.hold_commenters",
    "newsplugin.comments.rules.hold_words",
    "newsplugin.comments.rules.hold_many_links",
    "newsplugin.comments.rules.trust_commenters",
    "newsplugin.comments.rules.apply_policy",
]


class Settings:
    @property
    def ARTICLES_PER_PAGE(self) -> int:
        """Articles on one page of a news index or an author archive."""
        return getattr(settings, "NEWSPLUGIN_ARTICLES_PER_PAGE", 10)

    @property
    def MORE_FROM_AUTHOR_COUNT(self) -> int:
        """How many links the More From Author block shows at most (pins included)."""
        return getattr(settings, "NEWSPLUGIN_MORE_FROM_AUTHOR_COUNT", 4)

    @property
    def FEED_ITEMS(self) -> int:
        """Articles in one RSS or Atom feed, newest first."""
        return getattr(settings, "NEWSPLUGIN_FEED_ITEMS", 20)

    @property
    def PAGE_CACHE_TIMEOUT(self) -> int:
        """Seconds an anonymous newsplugin page stays in Django's cache; 0 turns it off."""
        return getattr(settings, "NEWSPLUGIN_PAGE_CACHE_TIMEOUT", 0)

    @property
    def PAGE_CACHE_ALIAS(self) -> str:
        """The Django cache (a name in CACHES) that holds pages; shared by all servers."""
        return getattr(settings, "NEWSPLUGIN_PAGE_CACHE_ALIAS", "default")

    @property
    def MAX_IMAGE_PIXELS(self) -> int:
        """Largest upload, in pixels, the image form accepts (Pillow's own bomb limit)."""
        return getattr(settings, "NEWSPLUGIN_MAX_IMAGE_PIXELS", Image.MAX_IMAGE_PIXELS)

    @property
    def COMMENT_MAX_LENGTH(self) -> int:
        """Longest comment a reader may send, in characters, before sanitising."""
        return getattr(settings, "NEWSPLUGIN_COMMENT_MAX_LENGTH", 3000)

    @property
    def COMMENT_MAX_DEPTH(self) -> int:
        """Levels in a thread: 1 allows no replies, 3 allows replies to replies."""
        return getattr(settings, "NEWSPLUGIN_COMMENT_MAX_DEPTH", 3)

    @property
    def COMMENT_THREADS_PER_PAGE(self) -> int:
        """Top-level comments (each with its replies) on one page of an article."""
        return getattr(settings, "NEWSPLUGIN_COMMENT_THREADS_PER_PAGE", 50)

    @property
    def COMMENTS_CLOSE_AFTER_DAYS(self) -> int | None:
        """Close comments this many days after publication; None keeps them open.

        An article's own "close after" value takes precedence.
        """
        return getattr(settings, "NEWSPLUGIN_COMMENTS_CLOSE_AFTER_DAYS", None)

    @property
    def COMMENT_IP_STORAGE(self) -> str:
        """How a commenter's IP address is kept: "truncate" (IPv4 /24, IPv6 /48) or "hash"."""
        return getattr(settings, "NEWSPLUGIN_COMMENT_IP_STORAGE", "truncate")

    @property
    def TRUSTED_PROXIES(self) -> list:
        """Addresses or networks (``"10.0.0.0/8"``) of the proxies in front of the site.

        When the direct peer (``REMOTE_ADDR``) is one of them, the reader is the
        right-most ``X-Forwarded-For`` address that is not; otherwise the header is
        ignored, so a client cannot choose its own address. Empty: no proxy.
        """
        return getattr(settings, "NEWSPLUGIN_TRUSTED_PROXIES", [])

    @property
    def COMMENT_PERSONAL_DATA_DAYS(self) -> int | None:
        """Days after which ``forget_old_commenters`` removes emails and IPs; None: never."""
        return getattr(settings, "NEWSPLUGIN_COMMENT_PERSONAL_DATA_DAYS", None)

    @property
    def COMMENT_MODERATOR(self) -> str:
        """Dotted path of the moderator class registered for articles."""
        return getattr(
            settings,
            "NEWSPLUGIN_COMMENT_MODERATOR",
            "newsplugin.comments.moderator.ArticleCommentModerator",
        )

    @property
    def MODERATION_RULES(self) -> list:
        """Dotted paths of the moderation rules, run in order (``newsplugin.comments.rules``)."""
        return getattr(settings, "NEWSPLUGIN_MODERATION_RULES", DEFAULT_RULES)

    @property
    def MODERATION_CACHE_ALIAS(self) -> str:
        """The Django cache that counts posts for flood control; share it across servers."""
        return getattr(settings, "NEWSPLUGIN_MODERATION_CACHE_ALIAS", "default")

    @property
    def REJECTED_RETENTION_DAYS(self) -> int:
        """Days a rejected comment stays recoverable before ``purge_rejected_comments``."""
        return getattr(settings, "NEWSPLUGIN_REJECTED_RETENTION_DAYS", 30)

    @property
    def MODERATION_NOTIFY(self) -> list | None:
        """Who hears of waiting comments: a list of addresses, or None for the
        members of the "Comment moderators" group."""
        return getattr(settings, "NEWSPLUGIN_MODERATION_NOTIFY", None)

    @property
    def MODERATION_NOTIFY_AUTHORS(self) -> bool:
        """Also tell an article's authors (those with a user account) when a comment waits."""
        return getattr(settings, "NEWSPLUGIN_MODERATION_NOTIFY_AUTHORS", False)

    @property
    def UNSUBSCRIBE_MAX_AGE(self) -> int:
        """Seconds an unsubscribe link in a reply notification keeps working."""
        return getattr(settings, "NEWSPLUGIN_UNSUBSCRIBE_MAX_AGE", 60 * 60 * 24 * 90)

    @property
    def MODERATOR_GROUP(self) -> str:
        """The group created for comment moderators (not Wagtail's page "Moderators")."""
        return getattr(settings, "NEWSPLUGIN_MODERATOR_GROUP", "Comment moderators")

    @property
    def QUEUE_COUNT_LIMIT(self) -> int:
        """The queue's tabs and menu count comments up to this many, then say "1000+"."""
        return getattr(settings, "NEWSPLUGIN_QUEUE_COUNT_LIMIT", 1000)

    @property
    def NOTIFICATION_TASK_BACKEND(self) -> str:
        """The entry of ``TASKS`` that notification e-mails are queued on."""
        return getattr(settings, "NEWSPLUGIN_NOTIFICATION_TASK_BACKEND", "default")

    @property
    def NOTIFICATION_ATTEMPTS(self) -> int:
        """Tries to send one notification e-mail before giving up (needs a queue backend)."""
        return getattr(settings, "NEWSPLUGIN_NOTIFICATION_ATTEMPTS", 5)

    @property
    def NOTIFICATION_RETRY_SECONDS(self) -> int:
        """Wait before the second try; each later try waits twice as long as the one before."""
        return getattr(settings, "NEWSPLUGIN_NOTIFICATION_RETRY_SECONDS", 60)

    @property
    def REPORT_INTERVAL_SECONDS(self) -> int:
        """A reader may report one comment every so many seconds; 0 turns the limit off."""
        return getattr(settings, "NEWSPLUGIN_REPORT_INTERVAL_SECONDS", 20)


conf = Settings()
