"""Admin registrations of the booths app: snippets, permission policies and isolation hooks.

Exhibitor isolation (SPEC 6.1.2) rests on Wagtail's own permission records (booths.roles);
the hooks here cover what those records cannot say: which pages a chooser may list without
showing another exhibitor's draft, which media the admin API may return, and object-level
checks that Wagtail or wagtail-localize leave out (see booths.localize_guards).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from booths.admin_api import ChoosableDocumentsAPIViewSet, ChoosableImagesAPIViewSet
from booths.derived_media_admin import DerivedMediaViewSet, ReadOnlyPolicy
from booths.localize_guards import SUBMIT_PERMISSION, guarded_urlpatterns
from booths.models import (
    BuyerProfile,
    Category,
    DerivedMedia,
    ExhibitionSeries,
    ExhibitorProfile,
    GlossaryTerm,
    Industry,
)
from booths.permissions import (
    ExhibitorProfilePolicy,
    LocaleScopedPolicy,
    page_draft_is_visible,
    pages_without_private_drafts,
)
from booths.scoped_snippets import PrivateRecordViewSet, ScopedSnippetViewSet

register_permission_policy(
    ExhibitorProfile, ExhibitorProfilePolicy(ExhibitorProfile), exact_class=True
)
register_permission_policy(DerivedMedia, ReadOnlyPolicy(DerivedMedia), exact_class=True)
for _model in (Category, Industry, ExhibitionSeries):
    register_permission_policy(_model, LocaleScopedPolicy(_model), exact_class=True)


class ExhibitorProfileViewSet(PrivateRecordViewSet):
    model = ExhibitorProfile
    icon = "group"
    menu_label = _("Exhibitors")
    list_display = ["company_name", "country", "industry", "updated_at"]
    list_filter = ["country"]
    search_fields = ["company_name", "main_exhibits"]
    add_to_admin_menu = True
    menu_order = 200


class BuyerProfileViewSet(PrivateRecordViewSet):
    model = BuyerProfile
    icon = "user"
    menu_label = _("Buyers")
    list_display = ["company_name", "country", "business_field", "updated_at"]
    list_filter = ["country"]
    search_fields = ["company_name", "main_products", "purchase_keywords"]
    add_to_admin_menu = True
    menu_order = 210


class CategoryViewSet(ScopedSnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["__str__", "sort_order"]
    search_fields = ["name"]


class IndustryViewSet(ScopedSnippetViewSet):
    model = Industry
    icon = "tag"
    menu_label = _("Industries")


class ExhibitionSeriesViewSet(ScopedSnippetViewSet):
    model = ExhibitionSeries
    icon = "date"
    menu_label = _("Exhibition series")


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    menu_label = _("Glossary")
    list_display = ["source_term", "target_term", "locale", "kind"]
    list_filter = ["locale", "kind"]
    search_fields = ["source_term", "target_term"]


class TaxonomyGroup(SnippetViewSetGroup):
    items = (CategoryViewSet, IndustryViewSet, ExhibitionSeriesViewSet, GlossaryTermViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Taxonomy & glossary")
    menu_order = 220


register_snippet(ExhibitorProfileViewSet)
register_snippet(BuyerProfileViewSet)
register_snippet(TaxonomyGroup)


@hooks.register("register_admin_viewset")
def register_derived_media_viewset():
    return DerivedMediaViewSet("derived_media")


@hooks.register("construct_page_chooser_queryset")
def hide_private_drafts_from_page_chooser(pages, request):
    """Choosers list published pages and the user's own; never another exhibitor's drafts.

    Wagtail shows each page under its draft title, so a page with unpublished changes that
    the user may not edit is left out, and browsing *into* such a page is refused (the
    chooser would print the parent's draft title as its heading).
    """
    match = request.resolver_match
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if parent_id is not None:
        parent = Page.objects.filter(pk=parent_id).first()
        if parent is not None and not page_draft_is_visible(request.user, parent):
            raise Http404
    return pages_without_private_drafts(pages, request.user)


@hooks.register("before_move_page")
def refuse_move_without_permission(request, page_to_move, destination):
    """Wagtail's move-confirmation page checks permission only when the move is POSTed."""
    if not page_to_move.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


@hooks.register("construct_admin_api", order=10)
def limit_admin_api_media_to_choosable(router):
    """Runs after wagtail.images/documents registered theirs (order 0) and replaces them."""
    router.register_endpoint("images", ChoosableImagesAPIViewSet)
    router.register_endpoint("documents", ChoosableDocumentsAPIViewSet)


@hooks.register("register_admin_urls", order=-10)
def register_localize_guards():
    """Ahead of wagtail-localize's patterns (order 0), so these paths resolve here first."""
    return guarded_urlpatterns()


@hooks.register("construct_reports_menu")
def hide_translations_report_from_non_translators(request, menu_items):
    """wagtail-localize shows its report to everyone; the guarded view refuses non-translators."""
    if not request.user.has_perm(SUBMIT_PERMISSION):
        report_url = reverse("wagtail_localize:translations_report")
        menu_items[:] = [item for item in menu_items if item.url != report_url]


@hooks.register("construct_homepage_panels")
def add_exhibitor_booths_panel(request, panels):
    """Exhibitors see their own booths first on the dashboard."""
    from booths.admin_panels import ExhibitorBoothsPanel

    panel = ExhibitorBoothsPanel(request.user)
    if panel.profiles().exists():
        panels.append(panel)


@hooks.register("register_admin_urls")
def register_booths_admin_urls():
    from django.urls import path

    from booths.views import mark_translation_reviewed

    return [
        path(
            "booths/pages/<int:page_id>/mark-reviewed/",
            mark_translation_reviewed,
            name="booths_mark_translation_reviewed",
        )
    ]


@hooks.register("register_page_header_buttons")
def mark_reviewed_button(page, user, view_name, next_url=None):
    """Offered on a translation that still shows unreviewed machine text, in the header of
    the page's own views (one status query for that page; not in listings, where it would
    cost a query per row)."""
    from django.conf import settings
    from wagtail.admin.ui.menus.pages import PageMenuItem

    from booths.translation_status import is_machine_translated

    if page.locale.language_code == settings.SOURCE_LOCALE:
        return
    if page.permissions_for_user(user).can_edit() and is_machine_translated(page):
        yield PageMenuItem(
            label=_("Mark translation as reviewed"),
            url=reverse("booths_mark_translation_reviewed", args=[page.pk]),
            icon_name="tick",
            priority=80,
            page=page,
        )
