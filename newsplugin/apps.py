from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsPluginConfig(AppConfig):
    name = "newsplugin"
    label = "newsplugin"
    verbose_name = _("News")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .comments_setup import connect_comments

        connect_comments()

        from .cache import connect_signals

        connect_signals()
