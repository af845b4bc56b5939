"""What the roles of booths.roles may do with engagement data (SPEC 6.1.2 permission checks).

Organizers manage word lists, review held texts and approve buyer accounts; moderators
review held texts. Exhibitors reach their own conversations and buyers through views that
check `engagement.identity.speaks_for`, not through model permissions.
"""

from django.contrib.auth.models import Group, Permission

from booths import roles


def _perms(*codenames):
    return list(
        Permission.objects.filter(content_type__app_label="engagement", codename__in=codenames)
    )


def grant_role_permissions(sender=None, groups=None, **kwargs):
    """Receiver of booths.roles.roles_ensured: runs whenever the role groups are (re)made."""
    groups = groups or {}
    organizer = groups.get(roles.ORGANIZER) or Group.objects.filter(name=roles.ORGANIZER).first()
    moderator = groups.get(roles.MODERATOR) or Group.objects.filter(name=roles.MODERATOR).first()
    if organizer is not None:
        organizer.permissions.add(
            *_perms(
                "add_wordlist",
                "change_wordlist",
                "delete_wordlist",
                "view_wordlist",
                "view_moderationcase",
                "view_comment",
                "view_buyeraccount",
                "change_buyeraccount",
            )
        )
    if moderator is not None:
        moderator.permissions.add(*_perms("view_wordlist", "view_moderationcase", "view_comment"))
