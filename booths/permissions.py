"""Object-level permission policies that Wagtail's model-level ones cannot express.

- ExhibitorProfilePolicy: an exhibitor (a user without the "add" permission) reaches only
  the profiles it owns, for every action and in every listing and chooser (SPEC 6.1.2).
- LocaleScopedPolicy: a translator edits a translatable snippet only in the locales it is
  assigned to, and never the source locale.
"""

from django.conf import settings
from wagtail.permission_policies import ModelPermissionPolicy

from booths.roles import assigned_locales


def _is_active_superuser(user):
    return user.is_active and user.is_superuser


class ExhibitorProfilePolicy(ModelPermissionPolicy):
    def _sees_all(self, user):
        # Organizers (who may add exhibitors) and moderators (view-only) see every profile.
        return (
            _is_active_superuser(user)
            or user.has_perm("booths.add_exhibitorprofile")
            or (
                user.has_perm("booths.view_exhibitorprofile")
                and not user.has_perm("booths.change_exhibitorprofile")
            )
        )

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return self._sees_all(user) or instance.owners.filter(pk=user.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if self._sees_all(user):
            return queryset
        return queryset.filter(owners=user)


class LocaleScopedPolicy(ModelPermissionPolicy):
    """For translatable snippets: organizers everywhere; translators in their locales only."""

    def _unrestricted(self, user):
        return _is_active_superuser(user) or user.has_perm(self._get_permission_name("add"))

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if self._unrestricted(user) or action == "view":
            return True
        code = instance.locale.language_code
        return code != settings.SOURCE_LOCALE and code in assigned_locales(user)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if self._unrestricted(user) or actions == ["view"]:
            return queryset
        return queryset.filter(locale__language_code__in=assigned_locales(user)).exclude(
            locale__language_code=settings.SOURCE_LOCALE
        )
