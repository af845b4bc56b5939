"""Object-level permission rules that Wagtail's model-level ones cannot express (SPEC 6.1.2).

- ExhibitorProfilePolicy: an exhibitor (a user without the "add" permission) reaches only
  the profiles it owns, for every action and in every listing and chooser.
- LocaleScopedPolicy: a translator edits a translatable snippet only in the locales it is
  assigned to, and never the source locale.
- What of a page is private: the content of its unpublished revisions (title included) is
  visible only to users who may edit the page (or, as in Wagtail's explorer, who edit pages
  below it). Published content is public anyway (it is on the site), so choosers may list
  it; see `pages_without_private_drafts()`.

Wagtail calls these policies from some views only (copy, delete, preview), not from the
generic edit, history and usage views or the snippet choosers, so `booths.scoped_snippets`
and `booths.localize_guards` re-check them where Wagtail does not.
"""

from django.conf import settings
from django.db.models import Q
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from booths.roles import assigned_locales

# Holding any of these on a record means the user may at least open it.
RECORD_ACTIONS = ("add", "change", "delete", "view")
# Page permissions that make a page's drafts the user's business.
PAGE_EDIT_ACTIONS = ("add", "change", "publish", "bulk_delete", "lock", "unlock")


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
        if self._unrestricted(user) or (
            "view" in actions and self.user_has_permission(user, "view")
        ):
            return queryset
        return queryset.filter(locale__language_code__in=assigned_locales(user)).exclude(
            locale__language_code=settings.SOURCE_LOCALE
        )


def reachable_records(user, model):
    """The rows of a private catalogue (exhibitors, buyers) that `user` may open at all."""
    policy = policy_registry.get_by_type(model)
    return policy.instances_user_has_any_permission_for(user, RECORD_ACTIONS)


def user_can_edit(user, instance):
    """Edit right on one page or snippet, decided by its page permissions or registered policy."""
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_edit()
    return policy_registry.get_by_type(type(instance)).user_has_permission_for_instance(
        user, "change", instance
    )


def explorable_pages(user):
    """Pages whose drafts are `user`'s business: those under its page permissions, and their
    ancestors, which Wagtail's own explorer shows it anyway (the way down to its booth)."""
    policy = policy_registry.get_by_type(Page)
    pages = policy.instances_user_has_any_permission_for(user, PAGE_EDIT_ACTIONS)
    for permission in policy.get_cached_permissions_for_user(user):
        pages |= Page.objects.ancestor_of(permission.page)
    return pages


def pages_without_private_drafts(pages, user):
    """Narrow `pages` to what `user` may see listed with the title Wagtail shows (the draft's).

    A page is listed when it is live and its latest revision is the published one, or when
    it is the user's business (explorable_pages); otherwise its admin title is a draft title,
    which is private (another exhibitor's unannounced product, say).
    """
    if _is_active_superuser(user):
        return pages
    visible = Page.objects.filter(
        Q(pk__in=explorable_pages(user).values("pk")) | Q(live=True, has_unpublished_changes=False)
    )
    # One `pk__in` filter, because search backends accept filters on indexed fields only and
    # the chooser searches the queryset this returns.
    return pages.filter(pk__in=visible.values("pk"))


def page_draft_is_visible(user, page):
    """Whether `user` may see `page` as Wagtail's admin shows it (its draft title)."""
    return pages_without_private_drafts(Page.objects.filter(pk=page.pk), user).exists()
