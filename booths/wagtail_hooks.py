"""Admin registrations of the booths app: snippets, their menus and permission policies."""

from django.utils.translation import gettext_lazy as _
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from booths.models import (
    BuyerProfile,
    Category,
    ExhibitionSeries,
    ExhibitorProfile,
    GlossaryTerm,
    Industry,
)
from booths.permissions import ExhibitorProfilePolicy, LocaleScopedPolicy

register_permission_policy(
    ExhibitorProfile, ExhibitorProfilePolicy(ExhibitorProfile), exact_class=True
)
for _model in (Category, Industry, ExhibitionSeries):
    register_permission_policy(_model, LocaleScopedPolicy(_model), exact_class=True)


class ExhibitorProfileViewSet(SnippetViewSet):
    model = ExhibitorProfile
    icon = "group"
    menu_label = _("Exhibitors")
    list_display = ["company_name", "country", "industry", "updated_at"]
    list_filter = ["country"]
    search_fields = ["company_name", "main_exhibits"]
    add_to_admin_menu = True
    menu_order = 200

    def get_queryset(self, request):
        # Listing and chooser show only what the user may change or view (own profile for
        # an exhibitor); edit views re-check per object through the registered policy.
        return ExhibitorProfilePolicy(ExhibitorProfile).instances_user_has_any_permission_for(
            request.user, ["change", "view"]
        )


class BuyerProfileViewSet(SnippetViewSet):
    model = BuyerProfile
    icon = "user"
    menu_label = _("Buyers")
    list_display = ["company_name", "country", "business_field", "updated_at"]
    list_filter = ["country"]
    search_fields = ["company_name", "main_products", "purchase_keywords"]
    add_to_admin_menu = True
    menu_order = 210


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["__str__", "sort_order"]
    search_fields = ["name"]


class IndustryViewSet(SnippetViewSet):
    model = Industry
    icon = "tag"
    menu_label = _("Industries")


class ExhibitionSeriesViewSet(SnippetViewSet):
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
