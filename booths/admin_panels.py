"""Dashboard panels: what each role needs first when it opens the admin."""

from django.conf import settings
from django.urls import reverse
from laces.components import Component

from booths.models import BoothPage, ExhibitorProfile


class ExhibitorBoothsPanel(Component):
    """An exhibitor's own booths and profile, one click from the dashboard (SPEC 5.3: exhibitors
    maintain their booth pages themselves), instead of a walk through the page tree."""

    name = "exhibitor_booths"
    template_name = "booths/admin/exhibitor_booths_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def profiles(self):
        return ExhibitorProfile.objects.filter(owners=self.user)

    def get_context_data(self, parent_context):
        rows = []
        for profile in self.profiles():
            booths = BoothPage.objects.filter(
                exhibitor=profile, locale__language_code=settings.SOURCE_LOCALE
            ).select_related("locale")
            for booth in sorted(booths, key=lambda b: b.edition.starts_at, reverse=True):
                rows.append(
                    {
                        "profile": profile,
                        "booth": booth,
                        "edition": booth.edition,
                        "exhibits": booth.get_children().count(),
                        "in_review": booth.workflow_in_progress,
                        "edit_url": reverse("wagtailadmin_pages:edit", args=[booth.pk]),
                        "exhibits_url": reverse("wagtailadmin_explore", args=[booth.pk]),
                        "add_exhibit_url": reverse(
                            "wagtailadmin_pages:add",
                            args=["booths", "exhibitpage", booth.pk],
                        ),
                    }
                )
        return {
            "rows": rows,
            "profiles": [
                (
                    profile,
                    reverse("wagtailsnippets_booths_exhibitorprofile:edit", args=[profile.pk]),
                )
                for profile in self.profiles()
            ],
        }
