"""Provision hundreds of new exhibitors at once: groups, media collections, permissions.

`booths.exhibitors.provision()` runs for each exhibitor saved in the admin (≈ 40 queries,
a sorted insert into the collection tree). For the demo's 210 new exhibitors that is
most of a minute, so the first exhibitor is provisioned by that very function and the
grants it received are copied, in bulk, to the others. The rules stay in `booths.roles`
and `booths.exhibitors`; this module only repeats their outcome.
"""

from django.contrib.auth.models import Group
from django.db.models import F
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from booths import exhibitors, roles


def collection_name(profile):
    """The name booths.exhibitors.provision() gives an exhibitor's collection."""
    return f"{profile.company_name} ({profile.pk})"[:255]


def provision_many(profiles):
    """Give every new (saved, unprovisioned) profile its own group and collection."""
    profiles = sorted(profiles, key=collection_name)
    if not profiles:
        return
    # A group name still taken by a deleted profile's group needs provision()'s care.
    taken = set(
        Group.objects.filter(
            name__in=[roles.exhibitor_group_name(profile) for profile in profiles]
        ).values_list("name", flat=True)
    )
    one_by_one = [p for p in profiles if roles.exhibitor_group_name(p) in taken]
    profiles = [p for p in profiles if roles.exhibitor_group_name(p) not in taken]
    for profile in one_by_one:
        exhibitors.provision(profile)
    if not profiles:
        return
    first, rest = profiles[0], profiles[1:]
    exhibitors.provision(first)
    root = Collection.objects.get(pk=first.collection.get_parent().pk)
    last_child = root.get_children().order_by("-path").first()
    if not rest or last_child.name > collection_name(rest[0]):
        # Collections keep their siblings sorted by name; appending would break that
        # order, so let treebeard insert each one where it belongs.
        for profile in rest:
            exhibitors.provision(profile)
        return

    groups = Group.objects.bulk_create(
        [Group(name=roles.exhibitor_group_name(profile)) for profile in rest]
    )
    step = Collection._str2int(last_child.path[-Collection.steplen :])
    depth = root.depth + 1
    collections = [
        Collection(
            name=collection_name(profile),
            depth=depth,
            numchild=0,
            path=Collection._get_path(root.path, depth, step + offset),
        )
        for offset, profile in enumerate(rest, start=1)
    ]
    Collection.objects.bulk_create(collections)
    Collection.objects.filter(pk=root.pk).update(numchild=F("numchild") + len(collections))
    for profile, group, collection in zip(rest, groups, collections, strict=True):
        profile.group, profile.collection = group, collection
    type(first).objects.bulk_update(rest, ["group", "collection"])

    granted = list(
        GroupCollectionPermission.objects.filter(
            group=first.group, collection=first.collection
        ).values_list("permission_id", flat=True)
    )
    GroupCollectionPermission.objects.bulk_create(
        [
            GroupCollectionPermission(
                group=profile.group, collection=profile.collection, permission_id=permission
            )
            for profile in rest
            for permission in granted
        ]
    )


def grant_booths(booths):
    """Let each booth's exhibitor group edit it, as the BoothPage post_save handler does."""
    booths = [booth for booth in booths if booth.exhibitor.group_id]
    if not booths:
        return
    first, rest = booths[0], booths[1:]
    roles.grant_exhibitor_booth(first.exhibitor, first)
    granted = list(
        GroupPagePermission.objects.filter(
            group_id=first.exhibitor.group_id, page=first
        ).values_list("permission_id", flat=True)
    )
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(
                group_id=booth.exhibitor.group_id, page=booth, permission_id=permission
            )
            for booth in rest
            for permission in granted
        ]
    )
