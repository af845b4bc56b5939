"""What the asset pipeline made of each upload, and why it refused or failed one
(read-only; the rows are written by booths.derived_media).

An exhibitor sees a refusal in the upload form at once; what is found later, in the
background (a model over its triangle budget, a tool that crashed), is listed here with
the size and complexity report and the reasons in the reader's language. Organizers and
moderators see every upload; an exhibitor only the media of the collections it may use
(its own), as with Wagtail's image and document listings. `manage.py process_assets`
retries failures.
"""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from booths.models import DerivedMedia


class ReadOnlyPolicy(ModelPermissionPolicy):
    """View rights as granted (Organizer, Moderator, Exhibitor); nobody adds, edits or
    deletes."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")


def visible_to(user, queryset):
    """The rows whose image or document sits in a collection the user may choose from."""
    if user.is_superuser:
        return queryset
    allowed = Q()
    for field, model in (("image", get_image_model()), ("document", get_document_model())):
        collections = policy_registry.get_by_type(model).collections_user_has_permission_for(
            user, "choose"
        )
        allowed |= Q(**{f"{field}__collection__in": collections})
    return queryset.filter(allowed)


class DerivedMediaIndexView(generic.IndexView):
    def get_base_queryset(self):
        base = super().get_base_queryset().select_related("image", "document")
        return visible_to(self.request.user, base)


class DerivedMediaInspectView(generic.InspectView):
    def get_object(self, queryset=None):
        found = super().get_object(queryset)
        if not visible_to(self.request.user, DerivedMedia.objects.filter(pk=found.pk)).exists():
            raise Http404
        return found


class DerivedMediaViewSet(ModelViewSet):
    model = DerivedMedia
    icon = "media"
    menu_label = _("Processed media")
    menu_order = 320
    add_to_admin_menu = True
    index_view_class = DerivedMediaIndexView
    inspect_view_class = DerivedMediaInspectView
    list_filter = ["status", "kind"]
    list_display = [
        Column("source_title", label=_("file")),
        "kind",
        "status",
        Column("summary", label=_("result")),
        DateColumn("updated_at", label=_("updated")),
    ]
    inspect_view_enabled = True
    inspect_view_fields = ["kind", "status", "source_name", "summary", "report_lines", "reason"]
    exclude_form_fields = ["manifest", "error_params"]
    ordering = ["-updated_at"]
