"""Signal handlers of the booths app, connected in BoothsConfig.ready()."""

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from booths import derived_media, exhibitors, roles


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


def sync_exhibitor_owners(sender, instance, action, reverse=False, pk_set=None, **kwargs):
    """Owners changed: from the profile (`profile.owners.add`) or the user side
    (`user.exhibitor_profiles.add`), where `instance` is the user and `pk_set` the profiles."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        exhibitors.sync_owners(instance)
        return
    from django.db.models import Q

    from booths.models import ExhibitorProfile

    # After a clear from the user side pk_set is None: the profiles whose groups the user
    # is still in are the ones it was removed from.
    touched = Q(pk__in=pk_set or ()) | Q(group__in=instance.groups.all())
    for profile in ExhibitorProfile.objects.filter(touched).distinct():
        exhibitors.sync_owners(profile)


def remove_exhibitor_group(sender, instance, **kwargs):
    exhibitors.remove_group(instance)


def grant_booth_to_exhibitor(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """A booth is editable by its exhibitor's group, and by no earlier one (source locale only).

    Runs on creation and on every save that may change the exhibitor; revision saves
    (update_fields without "exhibitor") cannot, and skip the work.
    """
    if raw:
        return
    if update_fields is not None and "exhibitor" not in update_fields:
        return
    if instance.locale.language_code == _source_locale():
        roles.sync_booth_grants(instance)


def _source_locale():
    from django.conf import settings

    return settings.SOURCE_LOCALE


def derive_uploaded_media(sender, instance, raw=False, **kwargs):
    """A saved image or document is processed by the asset pipeline after commit."""
    if not raw and instance.file:
        derived_media.schedule(instance)


def register_signal_handlers():
    from wagtail.documents import get_document_model

    from booths.models import BoothImage, BoothPage, ExhibitorProfile

    post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="booths_ensure_roles")
    post_save.connect(
        provision_exhibitor, sender=ExhibitorProfile, dispatch_uid="booths_provision_exhibitor"
    )
    m2m_changed.connect(
        sync_exhibitor_owners,
        sender=ExhibitorProfile.owners.through,
        dispatch_uid="booths_sync_owners",
    )
    post_delete.connect(
        remove_exhibitor_group, sender=ExhibitorProfile, dispatch_uid="booths_remove_group"
    )
    post_save.connect(grant_booth_to_exhibitor, sender=BoothPage, dispatch_uid="booths_grant_booth")
    for model in (BoothImage, get_document_model()):
        post_save.connect(
            derive_uploaded_media, sender=model, dispatch_uid=f"booths_derive_{model.__name__}"
        )
