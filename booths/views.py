"""Admin views of the booths app that Wagtail and wagtail-localize do not provide."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from booths.translation_status import machine_translation_status, mark_reviewed


@require_http_methods(["GET", "POST"])
def mark_translation_reviewed(request, page_id):
    """A translator accepts a page's machine translation as it stands (SPEC 6.2.2.2): its
    public "translated by machine" notice goes. GET asks for confirmation, POST does it."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if request.method == "POST":
        count = mark_reviewed(page, user=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)s machine-translated text marked as reviewed.",
                "%(count)s machine-translated texts marked as reviewed.",
                count,
            )
            % {"count": count},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "booths/admin/confirm_mark_reviewed.html",
        {"page": page, "status": machine_translation_status(page)},
    )
