"""Per-site settings editors change in the Wagtail admin (Settings menu)."""

import functools

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images import get_image_model_string

from ..prepared import PreparedQuery
from .choices import CommentPolicy


class PreparedSiteSetting(BaseSiteSetting):
    """A site setting read on every page or post: found by a prepared query
    (``newsplugin.prepared``), with the site the caller has (the publisher's
    fallback name needs it, without another query).

    ``with_site``: read on nearly every request, so ``newsplugin.sites`` brings the
    row (and its ``select_related``) along with the request's site: no query of its
    own then."""

    with_site = False

    class Meta:
        abstract = True

    @classmethod
    def for_site(cls, site):
        if site is None:
            found = None
        elif cls._site_accessor() in site._state.fields_cache:  # joined to the site
            found = site._state.fields_cache[cls._site_accessor()]
        else:
            found = _settings_query(cls).first(site.pk)
        if found is None:
            return super().for_site(site)  # none yet: Wagtail makes it
        found.site = site
        return found

    @classmethod
    def _site_accessor(cls):
        """The name of this setting on a ``Site`` (``newssettings``)."""
        return cls._meta.get_field("site").remote_field.get_accessor_name()


def settings_joined_with_site():
    """``select_related()`` paths from ``Site`` to the settings marked ``with_site``."""
    paths = []
    for model in apps.get_models():
        if issubclass(model, PreparedSiteSetting) and model.with_site:
            accessor = model._site_accessor()
            related = model.select_related or ()
            paths += [accessor, *(f"{accessor}__{path}" for path in related)]
    return paths


@functools.cache
def _settings_query(model):
    def build(site_id):
        found = model.objects.filter(site_id=site_id)
        return found.select_related(*model.select_related) if model.select_related else found

    return PreparedQuery(model, build)


@register_setting(icon="site")
class NewsSettings(PreparedSiteSetting):
    """Per-site newsroom settings: who publishes, for structured data and news sitemaps."""

    publisher_name = models.CharField(
        _("publisher name"),
        max_length=255,
        blank=True,
        help_text=_("The news organisation; leave empty to use the site name."),
    )
    publisher_logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("publisher logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown by search engines beside your articles; a wide logo works best."),
    )

    panels = [FieldPanel("publisher_name"), FieldPanel("publisher_logo")]
    select_related = ["publisher_logo"]
    with_site = True  # every page's chrome and sharing data, every post's form

    class Meta:
        verbose_name = _("news settings")

    def get_publisher_name(self):
        return self.publisher_name or self.site.site_name or getattr(
            settings, "WAGTAIL_SITE_NAME", ""
        )


@register_setting(icon="comment")
class ModerationSettings(PreparedSiteSetting):
    """Per-site moderation rules; an article may override the policy and the link limit.

    Lists hold one entry a line; word lists match whole words, case-insensitively.
    """

    policy = models.CharField(
        _("policy"), max_length=20, choices=CommentPolicy.choices, default=CommentPolicy.HOLD_ALL
    )
    max_links = models.PositiveIntegerField(
        _("hold comments with this many links"),
        default=2,
        help_text=_("0 turns this rule off."),
    )
    hold_words = models.TextField(
        _("hold words"), blank=True, help_text=_("One word or phrase a line: hold the comment.")
    )
    block_words = models.TextField(
        _("block words"), blank=True, help_text=_("One word or phrase a line: send it to Spam.")
    )
    blocked_emails = models.TextField(
        _("blocked emails"), blank=True, help_text=_("One address a line: send it to Spam.")
    )
    blocked_domains = models.TextField(
        _("blocked email domains"),
        blank=True,
        help_text=_("One domain a line (example.com): send it to Spam."),
    )
    blocked_ips = models.TextField(
        _("blocked IP addresses"), blank=True, help_text=_("One address a line: send it to Spam.")
    )
    flood_seconds = models.PositiveIntegerField(
        _("seconds between two comments from one reader"),
        default=15,
        help_text=_(
            "A second comment from the same IP address or email sooner is refused; "
            "0 turns this off."
        ),
    )

    decision_reasons = models.TextField(
        _("reasons given to commenters"),
        blank=True,
        default="",
        help_text=_(
            "One reason a line. A moderator may pick one when deciding; a commenter who "
            "asked to be told of the decision reads it in the email."
        ),
    )
    reports_to_hold = models.PositiveIntegerField(
        _("reader reports that send a comment back to moderation"),
        default=3,
        help_text=_("0 leaves reported comments public until a moderator decides."),
    )

    panels = [
        FieldPanel("policy"),
        FieldPanel("max_links"),
        FieldRowPanel([FieldPanel("hold_words"), FieldPanel("block_words")]),
        MultiFieldPanel(
            [
                FieldPanel("blocked_emails"),
                FieldPanel("blocked_domains"),
                FieldPanel("blocked_ips"),
            ],
            heading=_("Blocked senders"),
        ),
        FieldPanel("flood_seconds"),
        FieldPanel("decision_reasons"),
        FieldPanel("reports_to_hold"),
    ]

    def reason_choices(self):
        """The reasons a moderator may give, one a line."""
        return [line.strip() for line in self.decision_reasons.splitlines() if line.strip()]

    class Meta:
        verbose_name = _("comment moderation")
