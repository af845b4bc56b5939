"""Snippet viewsets whose every view asks the object-level policy (SPEC 6.1.2).

Wagtail 8's generic edit, history and usage views check only the model-level permission
("may this user change exhibitor profiles at all?"), and snippet choosers check nothing, so
a registered object-level policy (booths.permissions) would guard copy and delete but not
the edit form of another exhibitor's profile, nor the buyer catalogue in a chooser. These
classes close that gap once, for every snippet type that has object-level rules:

- `ScopedSnippetViewSet`: edit/copy/delete/history/usage answer 404 for an object the policy
  does not grant (404, not 403, so that ids of other exhibitors' records reveal nothing).
- `PrivateRecordViewSet`: additionally scopes the chooser and listing to reachable records
  and refuses the chooser to users with no right on the model (exhibitors → buyers).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail.admin.panels import ObjectList
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from booths.media_scope import MediaScopedModelForm
from booths.permissions import RECORD_ACTIONS, reachable_records


class _InstanceCheckedMixin:
    """After Wagtail found the object, require the policy's grant for `instance_actions`."""

    instance_actions = RECORD_ACTIONS

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        policy = policy_registry.get_by_type(type(instance))
        if not policy.user_has_any_permission_for_instance(
            self.request.user, self.instance_actions, instance
        ):
            raise Http404
        return instance


class ScopedEditView(_InstanceCheckedMixin, snippet_views.EditView):
    instance_actions = ("change",)


class ScopedCopyView(_InstanceCheckedMixin, snippet_views.CopyView):
    instance_actions = ("change", "view")


class ScopedDeleteView(_InstanceCheckedMixin, snippet_views.DeleteView):
    instance_actions = ("delete",)


class ScopedHistoryView(_InstanceCheckedMixin, snippet_views.HistoryView):
    pass


class ScopedUsageView(_InstanceCheckedMixin, snippet_views.UsageView):
    pass


class ScopedSnippetViewSet(SnippetViewSet):
    edit_view_class = ScopedEditView
    copy_view_class = ScopedCopyView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView

    def get_queryset(self, request):
        # Listings show only what the policy lets the user reach (own profile for an
        # exhibitor, assigned locales for a translator's edits plus read-only rows).
        return reachable_records(request.user, self.model)


class _ReachableRecordsMixin:
    """Chooser views over reachable records only; no model-level right at all → 403."""

    def dispatch(self, request, *args, **kwargs):
        policy = policy_registry.get_by_type(self.model_class)
        if not policy.user_has_any_permission(request.user, RECORD_ACTIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object_list(self):
        return reachable_records(self.request.user, self.model_class)

    def get_object(self, pk):
        return reachable_records(self.request.user, self.model_class).get(pk=pk)

    def get_objects(self, pks):
        return reachable_records(self.request.user, self.model_class).filter(pk__in=pks)


class RecordChooseView(_ReachableRecordsMixin, chooser_views.ChooseView):
    pass


class RecordChooseResultsView(_ReachableRecordsMixin, chooser_views.ChooseResultsView):
    pass


class RecordChosenView(_ReachableRecordsMixin, chooser_views.SnippetChosenView):
    pass


class RecordChosenMultipleView(_ReachableRecordsMixin, chooser_views.SnippetChosenMultipleView):
    pass


class RecordChooserViewSet(SnippetChooserViewSet):
    choose_view_class = RecordChooseView
    choose_results_view_class = RecordChooseResultsView
    chosen_view_class = RecordChosenView
    chosen_multiple_view_class = RecordChosenMultipleView


class PrivateRecordViewSet(ScopedSnippetViewSet):
    """A private catalogue (SPEC 4.1): exhibitor profiles, buyer profiles.

    Its form accepts only images and documents the editor may choose (an exhibitor's logo
    comes from its own collection), see booths.media_scope.
    """

    chooser_viewset_class = RecordChooserViewSet

    def get_edit_handler(self):
        form_class = getattr(self.model, "base_form_class", MediaScopedModelForm)
        if not issubclass(form_class, MediaScopedModelForm):
            form_class = MediaScopedModelForm
        return ObjectList(self.model.panels, base_form_class=form_class).bind_to_model(self.model)
