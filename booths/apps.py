from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoothsConfig(AppConfig):
    name = "booths"
    verbose_name = _("Exhibition content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from booths import checks  # noqa: F401  (registers system checks)
        from booths.signal_handlers import register_signal_handlers

        register_signal_handlers()
