"""Signal handlers of the booths app, connected in BoothsConfig.ready()."""

from django.db.models.signals import m2m_changed, post_migrate, post_save

from booths import exhibitors, roles


def ensure_roles_after_migrate(sender, **kwargs):
    """Keep the role groups current; runs once, after the last app's permissions exist."""
    from django.apps import apps

    if sender.label == list(apps.get_app_configs())[-1].label:
        roles.ensure_roles()


def provision_exhibitor(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created or instance.group_id is None or instance.collection_id is None:
        exhibitors.provision(instance)


def sync_exhibitor_owners(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        exhibitors.sync_owners(instance)


def grant_booth_to_exhibitor(sender, instance, created, raw=False, **kwargs):
    """A new booth becomes editable by its exhibitor's group (source locale only)."""
    if raw or not created:
        return
    if instance.locale.language_code == _source_locale():
        roles.grant_exhibitor_booth(instance.exhibitor, instance)


def _source_locale():
    from django.conf import settings

    return settings.SOURCE_LOCALE


def register_signal_handlers():
    from booths.models import BoothPage, ExhibitorProfile

    post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="booths_ensure_roles")
    post_save.connect(
        provision_exhibitor, sender=ExhibitorProfile, dispatch_uid="booths_provision_exhibitor"
    )
    m2m_changed.connect(
        sync_exhibitor_owners,
        sender=ExhibitorProfile.owners.through,
        dispatch_uid="booths_sync_owners",
    )
    post_save.connect(grant_booth_to_exhibitor, sender=BoothPage, dispatch_uid="booths_grant_booth")
