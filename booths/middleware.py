"""Object checks for the few Wagtail admin views that offer no hook (SPEC 6.1.2).

Most admin views check page, collection and snippet permissions themselves, and the rest are
narrowed through hooks and permission policies (booths.wagtail_hooks). Three core views take
an object from the URL and show a private part of it with no check and no hook to add one:

- the page chooser's "chosen" step (`choose-page/chosen-multiple/?id=…`) returns any page's
  admin title, which is its *draft* title;
- the external-link step of the page chooser converts a public URL into an internal link and
  returns the matched page's draft title with it;
- the "confirm workflow cancellation" modal tells whether any page is in review, and where.

`AdminObjectAccessMiddleware` applies the same rule as the page chooser hook
(`booths.permissions.pages_without_private_drafts`) to the first two and the page's edit
right to the third. It must come after AuthenticationMiddleware in settings.MIDDLEWARE.
"""

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from wagtail.models import Page

from booths.permissions import page_draft_is_visible, pages_without_private_drafts

EXTERNAL_LINK_PREFIX = "external-link-chooser-"


def _chosen_pages(request, view_func, view_args, view_kwargs):
    ids = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
    requested = Page.objects.filter(pk__in=ids)
    if pages_without_private_drafts(requested, request.user).count() != requested.count():
        raise Http404
    return None


def _workflow_cancellation(request, view_func, view_args, view_kwargs):
    page = get_object_or_404(Page, pk=view_kwargs.get("page_id"))
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return None


def _external_link(request, view_func, view_args, view_kwargs):
    """Let Wagtail match the URL, but never hand back a page whose draft is private."""
    response = view_func(request, *view_args, **view_kwargs)
    if request.method != "POST" or response.get("Content-Type") != "application/json":
        return response
    data = json.loads(response.content)
    if data.get("step") == "confirm_external_to_internal":
        internal, external = data.get("internal", {}), data.get("external")
    elif data.get("step") == "external_link_chosen" and "id" in data.get("result", {}):
        internal, external = data["result"], None
    else:
        return response
    page = Page.objects.filter(pk=internal.get("id")).first()
    if page is None or page_draft_is_visible(request.user, page):
        return response
    if external is None:
        url = request.POST.get(f"{EXTERNAL_LINK_PREFIX}url", "")
        text = request.POST.get(f"{EXTERNAL_LINK_PREFIX}link_text", "").strip()
        external = {"url": url, "title": text or url, "prefer_this_title_as_link_text": bool(text)}
    return JsonResponse({"step": "external_link_chosen", "result": external})


_CHECKS = {
    "wagtailadmin_choose_page_chosen_multiple": _chosen_pages,
    "wagtailadmin_choose_page_external_link": _external_link,
    "wagtailadmin_pages:confirm_workflow_cancellation": _workflow_cancellation,
}


class AdminObjectAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        check = _CHECKS.get(match.view_name) if match else None
        user = getattr(request, "user", None)
        if check is None or user is None or not user.is_authenticated:
            return None
        return check(request, view_func, view_args, view_kwargs)
