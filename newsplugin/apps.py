from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsPluginConfig(AppConfig):
    name = "newsplugin"
    label = "newsplugin"
    verbose_name = _("News")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, as Django asks: these modules need the app registry ready.
        from . import checks  # noqa: F401  (registers the system checks)
        from .cache.signals import connect_signals
        from .comments.setup import connect_comments
        from .unavailable import connect_signals as connect_outage_signals

        connect_comments()
        connect_signals()
        connect_outage_signals()
