from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    """Buyer accounts and everything a static page cannot do alone (SPEC 4.3, 5.6, 6.2.2.1)."""

    name = "engagement"
    verbose_name = _("Buyer engagement")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from engagement.signal_handlers import register_signal_handlers

        register_signal_handlers()
