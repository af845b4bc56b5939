"""The organizer's view of the asset pipeline's work: what each upload became, and why
one was refused or failed (read-only; the rows are written by booths.derived_media).

An exhibitor sees a refusal in the upload form; a refusal found later, in the background
(a model that converts badly, a tool that crashed) is listed here with its reason in the
organizer's language, and `manage.py process_assets` retries failures.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from booths.models import DerivedMedia


class ReadOnlyPolicy(ModelPermissionPolicy):
    """View rights as granted (Organizer, Moderator); nobody adds, edits or deletes."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")


class DerivedMediaViewSet(ModelViewSet):
    model = DerivedMedia
    icon = "media"
    menu_label = _("Processed media")
    menu_order = 320
    add_to_admin_menu = True
    list_filter = ["status", "kind"]
    list_display = [
        Column("source_title", label=_("file")),
        "kind",
        "status",
        Column("reason", label=_("reason")),
        DateColumn("updated_at", label=_("updated")),
    ]
    inspect_view_enabled = True
    inspect_view_fields = ["kind", "status", "source_name", "reason", "updated_at"]
    exclude_form_fields = ["manifest", "error_params"]
    ordering = ["-updated_at"]
