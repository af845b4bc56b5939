"""The moderators' review queue in the Wagtail admin (SPEC 6.1.2).

Every screened text that matched a word list is a case: the held ones wait here for a
decision (approve publishes, reject keeps it hidden), the blocked ones are the record of
what was refused. Organizers and moderators see the queue; the decision, with its note, is
kept on the case and in Wagtail's audit log ("Reports → Site history").
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from engagement import identity, moderation
from engagement.models import ModerationCase


class CasePolicy(ModelPermissionPolicy):
    """View as granted (Organizer, Moderator); cases are never edited or deleted by hand."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")


class CaseInspectView(generic.InspectView):
    template_name = "engagement/admin/case_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_decide"] = self.object.status == ModerationCase.HELD and identity.is_moderator(
            self.request.user
        )
        context["highlighted"] = highlighted(self.object)
        return context


def highlighted(case):
    """The case's text with the matched passages marked, everything escaped."""
    spans = sorted({(hit["start"], hit["end"]) for hit in case.hits if "start" in hit})
    parts, position = [], 0
    for start, end in spans:
        if start < position:
            continue
        parts.append(("", case.text[position:start]))
        parts.append(("mark", case.text[start:end]))
        position = end
    parts.append(("", case.text[position:]))
    return format_html_join(
        "",
        "{}",
        (
            (format_html_join("", "<mark>{}</mark>", [(text,)]) if tag else text,)
            for tag, text in parts
        ),
    )


class ModerationCaseViewSet(ModelViewSet):
    model = ModerationCase
    icon = "warning"
    menu_label = _("Moderation")
    menu_order = 330
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = CaseInspectView
    inspect_view_fields = [
        "scope",
        "status",
        "author",
        "created_at",
        "matched_terms_text",
        "decided_by",
        "decided_at",
        "note",
    ]
    list_filter = ["status", "scope"]
    list_display = [
        Column("excerpt", label=_("text")),
        "scope",
        "status",
        Column("matched_terms_text", label=_("matches")),
        DateColumn("created_at", label=_("submitted")),
    ]
    ordering = ["-created_at"]
    exclude_form_fields = ["hits", "content_type", "object_id"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("decide/<int:pk>/", self.decide_view, name="decide"),
        ]

    @property
    def decide_view(self):
        return require_POST(decide)


def decide(request, pk):
    if not identity.is_moderator(request.user):
        raise PermissionDenied
    case = get_object_or_404(ModerationCase, pk=pk)
    approve = request.POST.get("decision") == "approve"
    note = request.POST.get("note", "")[:2000]
    if case.status != ModerationCase.HELD:
        messages.warning(request, _("This case was already decided."))
    else:
        moderation.decide(case, approve, request.user, note)
        messages.success(
            request, _("Approved: it is shown now.") if approve else _("Rejected: it stays hidden.")
        )
    return redirect("engagement_moderationcase:index")
