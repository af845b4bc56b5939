"""The four roles (SPEC 4.5, 6.1.2) as Wagtail groups, and per-exhibitor / per-locale groups.

Isolation is built from Wagtail's own permission records rather than checks sprinkled in
views: each exhibitor gets a group holding page permissions on its own booth pages and
collection permissions on its own media collection; each translator locale gets a group
holding edit permission on that locale's tree only.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.dispatch import Signal
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page

ORGANIZER = "Organizer"
EXHIBITOR = "Exhibitor"
TRANSLATOR = "Translator"
MODERATOR = "Moderator"
ROLE_NAMES = (ORGANIZER, EXHIBITOR, TRANSLATOR, MODERATOR)

TRANSLATOR_LOCALE_PREFIX = "Translator · "

# Sent at the end of ensure_roles() with groups={name: Group}.
roles_ensured = Signal()

_MEDIA_ACTIONS_OWN = ["add", "change", "choose"]
_MEDIA_ACTIONS_ALL = ["add", "change", "choose", "delete"]
_CONTENT_MODELS = [
    "category",
    "industry",
    "exhibitionseries",
    "exhibitorprofile",
    "buyerprofile",
    "glossaryterm",
]


def _perms(*codenames):
    """Permission objects for "app_label.codename" strings; every one must exist."""
    wanted = [tuple(dotted.split(".")) for dotted in codenames]
    found = {
        (perm.content_type.app_label, perm.codename): perm
        for perm in Permission.objects.select_related("content_type").filter(
            codename__in=[codename for _app, codename in wanted]
        )
    }
    missing = [".".join(key) for key in wanted if key not in found]
    if missing:
        raise LookupError(f"Permissions not found (run migrate first): {', '.join(missing)}")
    return [found[key] for key in wanted]


def _media_perms(actions):
    return _perms(
        *[f"wagtailimages.{action}_image" for action in actions],
        *[f"wagtaildocs.{action}_document" for action in actions],
    )


def _grant_collection(group, collection, permissions):
    for permission in permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


def _grant_page(group, page, actions):
    for permission in _perms(*[f"wagtailcore.{action}_page" for action in actions]):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


@transaction.atomic
def ensure_roles():
    """Create or update the four role groups. Idempotent; runs after every migrate."""
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    if root_page is None or root_collection is None:
        return {}
    access_admin = _perms("wagtailadmin.access_admin")

    organizer, _ = Group.objects.get_or_create(name=ORGANIZER)
    organizer.permissions.add(
        *access_admin,
        *_perms(
            *[
                f"booths.{action}_{model}"
                for model in _CONTENT_MODELS
                for action in ("add", "change", "delete", "view")
            ],
            "auth.add_user",
            "auth.change_user",
            "auth.view_user",
            "wagtailcore.add_locale",
            "wagtailcore.change_locale",
            "wagtailcore.delete_locale",
            "wagtailcore.add_workflow",
            "wagtailcore.change_workflow",
            "wagtailcore.add_task",
            "wagtailcore.change_task",
            "wagtail_localize.submit_translation",
            "wagtailredirects.add_redirect",
            "wagtailredirects.change_redirect",
            "booths.view_derivedmedia",
        ),
    )
    _grant_page(organizer, root_page, ["add", "change", "publish", "bulk_delete", "lock", "unlock"])
    _grant_collection(
        organizer,
        root_collection,
        [
            *_media_perms(_MEDIA_ACTIONS_ALL),
            *_perms("wagtailcore.add_collection", "wagtailcore.change_collection"),
        ],
    )

    moderator, _ = Group.objects.get_or_create(name=MODERATOR)
    moderator.permissions.add(
        *access_admin,
        *_perms(
            "booths.view_exhibitorprofile",
            "booths.view_buyerprofile",
            "booths.view_category",
            "booths.view_derivedmedia",
        ),
    )
    _grant_page(moderator, root_page, ["change", "publish", "lock", "unlock"])
    _grant_collection(moderator, root_collection, _media_perms(["choose"]))

    exhibitor, _ = Group.objects.get_or_create(name=EXHIBITOR)
    # Model-level rights only; the ExhibitorProfilePolicy narrows them to the own profile,
    # and page/media rights come from the exhibitor's own group (see grant_exhibitor()).
    exhibitor.permissions.set(
        [
            *access_admin,
            *_perms("booths.change_exhibitorprofile"),
            # Its own uploads only: booths.derived_media_admin.visible_to.
            *_perms("booths.view_derivedmedia"),
        ]
    )

    translator, _ = Group.objects.get_or_create(name=TRANSLATOR)
    translator.permissions.add(
        *access_admin,
        *_perms(
            "wagtail_localize.submit_translation",
            "booths.change_category",
            "booths.change_industry",
            "booths.change_exhibitionseries",
            "booths.view_glossaryterm",
        ),
    )
    _grant_collection(translator, root_collection, _media_perms(["choose"]))
    groups = {group.name: group for group in (organizer, moderator, exhibitor, translator)}
    # Other apps add what the roles may do with their own models (engagement.roles).
    roles_ensured.send(sender=Group, groups=groups)
    return groups


def translator_group_for(locale):
    """The group whose members translate into `locale`: edit rights on that locale's tree."""
    group, _ = Group.objects.get_or_create(name=f"{TRANSLATOR_LOCALE_PREFIX}{locale.language_code}")
    for home in Page.objects.filter(depth=2, locale=locale):
        _grant_page(group, home, ["change", "lock"])
    return group


def assigned_locales(user):
    """Locales a translator may translate into (from their per-locale groups)."""
    if user.is_superuser:
        return set(Locale.objects.values_list("language_code", flat=True))
    prefix = TRANSLATOR_LOCALE_PREFIX
    names = user.groups.filter(name__startswith=prefix).values_list("name", flat=True)
    return {name[len(prefix) :] for name in names}


EXHIBITOR_GROUP_PREFIX = f"{EXHIBITOR} · "


def exhibitor_group_name(profile):
    return f"{EXHIBITOR_GROUP_PREFIX}{profile.pk}"


def grant_exhibitor_booth(profile, booth):
    """Let the exhibitor's group edit (not publish) its booth and the exhibits under it."""
    if profile.group_id:
        _grant_page(profile.group, booth, ["add", "change"])


def sync_booth_grants(booth):
    """Edit rights on a booth belong to its current exhibitor's group and to no other.

    Called when a booth is created or its exhibitor changes: without the revocation an
    organizer who reassigns a booth would leave the previous exhibitor editing it.
    """
    from booths.models import ExhibitorProfile

    # The exhibitor of the stored row: a draft that names another exhibitor moves nothing
    # until it is published.
    profile = ExhibitorProfile.objects.filter(booths=booth.pk).first()
    stale = GroupPagePermission.objects.filter(
        page_id=booth.pk, group__name__startswith=EXHIBITOR_GROUP_PREFIX
    )
    if profile is not None and profile.group_id:
        stale = stale.exclude(group_id=profile.group_id)
    stale.delete()
    if profile is not None:
        grant_exhibitor_booth(profile, booth)


def reset_group(group):
    """Strip a group of every permission and member (a stale exhibitor group being reused)."""
    GroupPagePermission.objects.filter(group=group).delete()
    GroupCollectionPermission.objects.filter(group=group).delete()
    group.permissions.clear()
    group.user_set.clear()


def grant_exhibitor_collection(profile):
    if profile.group_id and profile.collection_id:
        _grant_collection(profile.group, profile.collection, _media_perms(_MEDIA_ACTIONS_OWN))
