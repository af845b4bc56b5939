"""wagtail-localize's admin views, re-checked against our object-level rules (SPEC 6.1.2).

wagtail-localize decides who may translate a *snippet* from the model-level permission
alone, and who may submit or sync translations from the global `submit_translation`
permission alone. With translators scoped to locales (booths.roles) and exhibitors scoped to
their own records (booths.permissions) that is too coarse: a translator for `en` could edit
the `ru` strings of a category, or push a source page into a language nobody assigned it.

`guarded_urlpatterns()` returns the same paths as wagtail-localize, wrapping its views with
the missing checks. booths.wagtail_hooks registers them ahead of wagtail-localize's own
patterns, so the resolver picks these; reverse() keeps working with the upstream names.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail_localize.models import Translation
from wagtail_localize.views import edit_translation, report, snippets_api
from wagtail_localize.views.submit_translations import (
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
)
from wagtail_localize.views.update_translations import UpdateTranslationsView

from booths.machine_translators.base import MachineTranslationError
from booths.permissions import RECORD_ACTIONS, reachable_records, user_can_edit
from booths.roles import assigned_locales
from booths.scoped_snippets import PrivateRecordViewSet

SUBMIT_PERMISSION = "wagtail_localize.submit_translation"


def _target_or_none(translation):
    try:
        return translation.get_target_instance()
    except translation.source.specific_content_type.model_class().DoesNotExist:
        return None


def reports_engine_failures(view):
    """An unreachable or failing translation engine becomes a message, not a server error.

    The translator goes back to the editor with every string as it was and learns why.
    """

    @wraps(view)
    def guarded(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except MachineTranslationError as error:
            messages.error(request, _("Machine translation failed: %(error)s") % {"error": error})
            return redirect(
                get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
            )

    return guarded


def requires_edit_right_on_target(view):
    """Only a user who may edit the translated object may work on its translation."""

    @wraps(view)
    def guarded(request, translation_id, *args, **kwargs):
        translation = get_object_or_404(Translation, id=translation_id)
        target = _target_or_none(translation)
        if target is None or not user_can_edit(request.user, target):
            raise PermissionDenied
        return view(request, translation_id, *args, **kwargs)

    return guarded


class _AssignedLocalesOnlyMixin:
    """Who cannot edit the source (a translator) may submit only into its own locales."""

    def dispatch(self, request, *args, **kwargs):
        # wagtail-localize checks the global permission before get_object(); keep that order.
        if not request.user.has_perm(SUBMIT_PERMISSION):
            raise PermissionDenied
        self.object = self.get_object()
        self.scoped_locales = None
        if not user_can_edit(request.user, self.object):
            self.scoped_locales = assigned_locales(request.user)
            if not self.scoped_locales:
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form = super().get_form()
        if self.scoped_locales is not None:
            field = form.fields["locales"]
            field.queryset = field.queryset.filter(language_code__in=self.scoped_locales)
        return form


class ScopedSubmitPageTranslationView(_AssignedLocalesOnlyMixin, SubmitPageTranslationView):
    pass


class ScopedSubmitSnippetTranslationView(_AssignedLocalesOnlyMixin, SubmitSnippetTranslationView):
    pass


class ScopedUpdateTranslationsView(UpdateTranslationsView):
    """Syncing rewrites (and may publish) every enabled translation of a source, so it takes
    edit rights on the source, or on every one of those translations (a translator whose
    languages are all the source is translated into)."""

    def dispatch(self, request, *args, **kwargs):
        source = self.get_object()
        instance = source.get_source_instance()
        if isinstance(instance, Page):
            instance = instance.specific
        targets = [_target_or_none(t) for t in source.translations.filter(enabled=True)]
        allowed = user_can_edit(request.user, instance) or (
            targets and all(t is not None and user_can_edit(request.user, t) for t in targets)
        )
        if not allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TranslatorsOnlyReportView(report.TranslationsReportView):
    """The report lists every translated object by title: for translators and organizers."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(SUBMIT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        # Upstream leaves it unordered, which makes its pages of results unstable.
        return super().get_queryset().order_by("pk")


class ScopedSnippetsAPIViewSet(snippets_api.SnippetViewSet):
    """The translation editor's snippet lookup, without the private catalogues' rows."""

    def get_queryset(self):
        model = self.get_model()
        viewset = getattr(model, "snippet_viewset", None)
        if isinstance(viewset, PrivateRecordViewSet):
            policy = policy_registry.get_by_type(model)
            if not policy.user_has_any_permission(self.request.user, RECORD_ACTIONS):
                raise PermissionDenied
            return reachable_records(self.request.user, model)
        return super().get_queryset()


_GUARDED_TRANSLATION_VIEWS = [
    ("translate/<int:translation_id>/strings/<int:string_segment_id>/edit/", "strings"),
    ("translate/<int:translation_id>/overrides/<int:overridable_segment_id>/edit/", "override"),
    ("translate/<int:translation_id>/pofile/download/", "download"),
    ("translate/<int:translation_id>/pofile/upload/", "upload"),
    ("translate/<int:translation_id>/machine_translate/", "machine"),
    ("translate/<int:translation_id>/preview/", "preview"),
    ("translate/<int:translation_id>/preview/<str:mode>/", "preview_mode"),
    ("translate/<int:translation_id>/disable/", "stop"),
]
_UPSTREAM_VIEWS = {
    "strings": edit_translation.edit_string_translation,
    "override": edit_translation.edit_override,
    "download": edit_translation.download_pofile,
    "upload": edit_translation.upload_pofile,
    "machine": reports_engine_failures(edit_translation.machine_translate),
    "preview": edit_translation.preview_translation,
    "preview_mode": edit_translation.preview_translation,
    "stop": edit_translation.stop_translation,
}


def guarded_urlpatterns():
    """URL patterns shadowing wagtail-localize's, mounted at the same admin/localize/ prefix."""
    urls = [
        path(route, requires_edit_right_on_target(_UPSTREAM_VIEWS[key]), name=key)
        for route, key in _GUARDED_TRANSLATION_VIEWS
    ]
    urls += [
        path(
            "submit/page/<int:page_id>/",
            ScopedSubmitPageTranslationView.as_view(),
            name="submit_page",
        ),
        path(
            "submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            ScopedSubmitSnippetTranslationView.as_view(),
            name="submit_snippet",
        ),
        path(
            "update/<int:translation_source_id>/",
            ScopedUpdateTranslationsView.as_view(),
            name="update",
        ),
        path("reports/translations/", TranslatorsOnlyReportView.as_view(), name="report"),
        path(
            "reports/translations/results/",
            TranslatorsOnlyReportView.as_view(results_only=True),
            name="report_results",
        ),
        path(
            "api/snippets/<slug:app_label>/<slug:model_name>/",
            ScopedSnippetsAPIViewSet.as_view({"get": "list"}),
            name="snippets_api_listing",
        ),
        path(
            "api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/",
            ScopedSnippetsAPIViewSet.as_view({"get": "retrieve"}),
            name="snippets_api_detail",
        ),
    ]
    return [path("localize/", include((urls, "booths_localize_guard")))]
