from django.apps import AppConfig


class SiteBuilderConfig(AppConfig):
    name = "site_builder"
    verbose_name = "Static site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from site_builder import checks  # noqa: F401  (registers system checks)
        from site_builder.signal_handlers import register_signal_handlers

        register_signal_handlers()
