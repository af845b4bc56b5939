"""The "Live audience" page of the Wagtail admin (SPEC 6.2.2.1: exhibitors see who watched
their replays).

Exhibitor staff see the sessions of the exhibitors they work for; organizers see every
exhibitor's and may narrow the list to one. Each session shows its live audience (viewers
now, peak, total) and the buyers who watched its replay. Other admin users get 403; the
menu item is shown only to those who may open the page.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_countries import countries
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from booths import roles
from booths.models import ExhibitorProfile
from engagement import identity, live
from engagement.models import LiveSession

PER_PAGE = 20


def is_organizer(user):
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=roles.ORGANIZER).exists()
    )


def can_view(user):
    return is_organizer(user) or bool(identity.exhibitor_ids(user))


def exhibitors_for(user):
    """The exhibitors whose audience `user` may see (every one, for organizers)."""
    if is_organizer(user):
        return ExhibitorProfile.objects.all()
    return ExhibitorProfile.objects.filter(pk__in=identity.exhibitor_ids(user))


class LiveAudienceMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view(request.user)


def menu_item():
    return LiveAudienceMenuItem(
        _("Live audience"), reverse("engagement_live_audience"), icon_name="media", order=340
    )


class LiveAudienceView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "engagement/admin/live_audience.html"
    page_title = _("Live audience")
    header_icon = "media"

    def dispatch(self, request, *args, **kwargs):
        if not can_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        exhibitors = exhibitors_for(self.request.user).filter(live_sessions__isnull=False)
        exhibitors = exhibitors.distinct().order_by("company_name", "pk")
        chosen = self._chosen(exhibitors)
        sessions = LiveSession.objects.filter(exhibitor__in=exhibitors).select_related(
            "exhibitor", "booth"
        )
        if chosen is not None:
            sessions = sessions.filter(exhibitor=chosen)
        page = Paginator(sessions.order_by("-starts_at", "pk"), PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        figures = live.live_figures(page.object_list)
        choices = list(exhibitors)
        context.update(
            exhibitors=choices if len(choices) > 1 else None,
            chosen=chosen,
            page=page,
            rows=[_row(entry, figures) for entry in live.audience_of(list(page.object_list))],
        )
        return context

    def _chosen(self, exhibitors):
        value = self.request.GET.get("exhibitor", "")
        if not value.isdigit() or len(value) > 18:
            return None
        return exhibitors.filter(pk=int(value)).first()


def duration(seconds):
    """1:02:03 / 2:03: watch time as people read it."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def _row(entry, figures):
    session = entry["session"]
    figures = figures[session.pk]
    return {
        "session": session,
        "status": live.status(session),
        "live": {**figures, "watched": duration(figures["seconds"])},
        "viewers": [
            {
                **viewer,
                "watched": duration(viewer["seconds"]),
                "country_name": countries.name(viewer["country"]) or viewer["country"],
            }
            for viewer in entry["viewers"]
        ],
        "anonymous_viewers": entry["anonymous_viewers"],
        "anonymous_watched": duration(entry["anonymous_seconds"]),
    }


live_audience = LiveAudienceView.as_view()
