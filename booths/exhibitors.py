"""Provisioning an exhibitor: its permission group, media collection and owner accounts."""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Collection

from booths import roles

EXHIBITORS_COLLECTION = "Exhibitors"


def _exhibitors_root():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=EXHIBITORS_COLLECTION).first()
    return existing or root.add_child(name=EXHIBITORS_COLLECTION)


@transaction.atomic
def provision(profile):
    """Give the profile its own group and collection (idempotent) and sync booth grants."""
    changed = []
    if profile.group_id is None:
        profile.group, created = Group.objects.get_or_create(
            name=roles.exhibitor_group_name(profile)
        )
        if not created:
            # A group of this name outlived an earlier profile (SQLite reuses the ids of
            # deleted rows): whatever it was granted belongs to someone else.
            roles.reset_group(profile.group)
        changed.append("group")
    if profile.collection_id is None:
        name = f"{profile.company_name} ({profile.pk})"[:255]
        profile.collection = _exhibitors_root().add_child(name=name)
        changed.append("collection")
    if changed:
        type(profile).objects.filter(pk=profile.pk).update(
            group=profile.group, collection=profile.collection
        )
    roles.grant_exhibitor_collection(profile)
    for booth in profile.booths.all():
        roles.grant_exhibitor_booth(profile, booth)
    sync_owners(profile)
    return profile


def remove_group(profile):
    """A deleted exhibitor's group goes with it, so no rights outlive the profile."""
    if profile.group_id:
        Group.objects.filter(pk=profile.group_id).delete()


def sync_owners(profile):
    """Owner users belong to the Exhibitor role and to this exhibitor's own group."""
    if profile.group_id is None:
        return
    exhibitor_role = Group.objects.filter(name=roles.EXHIBITOR).first()
    owners = set(profile.owners.all())
    for user in owners:
        user.groups.add(profile.group)
        if exhibitor_role:
            user.groups.add(exhibitor_role)
    for user in profile.group.user_set.all():
        if user not in owners:
            user.groups.remove(profile.group)
