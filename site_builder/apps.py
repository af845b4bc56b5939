from django.apps import AppConfig


class SiteBuilderConfig(AppConfig):
    name = "site_builder"
    verbose_name = "Static site"
    default_auto_field = "django.db.models.BigAutoField"
