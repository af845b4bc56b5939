"""Exhibitor isolation over HTTP: exhibitor A × every admin view that takes an id × B's ids.

SPEC 6.1.2 (permission checks, protection of trade secrets): an exhibitor sees and edits only
its own booth, exhibits, profile, images and documents. Each test below is one cell of the
matrix — one admin view, called by A's owner with one of exhibitor B's objects — and passes
only if the answer is a refusal *and* nothing of B's private data (drafts, media, records:
all of which carry `B_SECRET`) is in the body *and* none of B's objects changed.

A refusal is 403 or 404, or Wagtail's own way of refusing inside the admin: a 302 to the
admin dashboard carrying the "Sorry, you do not have permission" message. Wagtail's
`require_admin_access` turns every PermissionDenied of a non-AJAX admin request into that
redirect, and this is not configurable, so the matrix accepts it when the message is there.
Three other redirects are Wagtail's design and accepted where listed in a cell:
- the old revisions index of a page redirects to that page's history (itself refused);
- the explorer redirects a page outside the user's reach to the user's own explorable root;
- a bulk action with nothing the user may act on redirects back to itself ("0 pages ...").

What counts as private for listings (choosers, search, reports): unpublished revisions of a
page the user may not edit — draft content *and* draft title, as Wagtail lists pages by
their draft title — plus everything in another exhibitor's collection and every record of
the exhibitor and buyer catalogues. Published pages are public (they are on the site), so a
chooser may list them; B's booth has a pending draft, so it must not appear at all.

The "control" tests make an organizer open the same objects and find `B_SECRET`, so the
matrix cannot pass because the marker is never rendered; the "own" tests check that A gets
200 on its own objects, so it cannot pass because everything is broken.

Three core views offer Wagtail no hook (page chooser "chosen" step, external-link
conversion, workflow-cancellation modal); their cells pass through
booths.middleware.AdminObjectAccessMiddleware. The exhibit-media test relies on ExhibitPage
using booths.media_scope.MediaScopedPageForm as its base_form_class.

The world (two exhibitors, translations, a workflow in progress) is built once per module
inside a transaction that is rolled back at the end; each test runs in a savepoint.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, TaskState, WorkflowState
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
)
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from booths.blocks import BaseStreamBlock
from booths.media_scope import MediaScopedFormMixin, media_references
from booths.models import BoothPage, BuyerProfile, ExhibitorProfile, ExhibitPage
from tests.booths.admin_responses import (
    assert_no_private_data,
    assert_refused,
    body_of,
    client_for,
    use_minimal_page_templates,
)
from tests.booths.isolation_builders import (
    A_SECRET,
    B_SECRET,
    BUYER_SECRET,
    booth_form,
    required_fields_hidden_from,
    two_exhibitors_rolled_back,
)

DUMMY_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with two_exhibitors_rolled_back(django_db_blocker) as built:
        yield built


@pytest.fixture(autouse=True)
def page_templates(settings, tmp_path):
    use_minimal_page_templates(settings, tmp_path)
    # Machine translation engines are another module's business; the matrix needs only
    # wagtail-localize to get as far as its permission check.
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = DUMMY_TRANSLATOR


def snapshot_of_b(w):
    """Everything of exhibitor B that a leaking POST could change."""
    b = w.b
    booth = Page.objects.get(pk=b.booth.pk)
    exhibit = Page.objects.get(pk=b.exhibit.pk)
    en_booth = Page.objects.filter(pk=b.extras["en_booth"].pk).first()
    ru_booth = Page.objects.filter(pk=b.extras["ru_booth"].pk).first()
    image = get_image_model().objects.filter(pk=b.image.pk).first()
    document = get_document_model().objects.filter(pk=b.document.pk).first()
    profile = ExhibitorProfile.objects.filter(pk=b.profile.pk).first()
    buyer = BuyerProfile.objects.filter(pk=w.buyer.pk).first()
    group = Group.objects.get(pk=b.profile.group_id)
    return {
        "pages": list(
            Page.objects.order_by("path").values_list(
                "pk", "path", "live", "locked", "has_unpublished_changes", "title"
            )
        ),
        "booth": (booth.latest_revision_id, booth.live_revision_id, booth.draft_title),
        "exhibit": (exhibit.latest_revision_id, exhibit.live_revision_id, exhibit.path),
        "en": en_booth and (en_booth.alias_of_id, en_booth.live, en_booth.latest_revision_id),
        "ru": ru_booth and (ru_booth.alias_of_id, ru_booth.live),
        "workflow": list(WorkflowState.objects.order_by("pk").values_list("pk", "status")),
        "tasks": list(TaskState.objects.order_by("pk").values_list("pk", "status")),
        "image": image and (image.title, image.collection_id, image.file.name),
        "document": document and (document.title, document.collection_id),
        "profile": profile and (profile.company_name, profile.updated_at, profile.collection_id),
        "owners": sorted(profile.owners.values_list("pk", flat=True)) if profile else None,
        "buyer": buyer and (buyer.company_name, buyer.updated_at),
        "translations": list(Translation.objects.order_by("pk").values_list("pk", "enabled")),
        "strings": StringTranslation.objects.count(),
        "group": (sorted(group.user_set.values_list("pk", flat=True)), group.permissions.count()),
        "users": list(
            get_user_model().objects.order_by("pk").values_list("pk", "is_active", "is_superuser")
        ),
        "collections": list(Collection.objects.order_by("pk").values_list("pk", "path")),
    }


@dataclass(frozen=True)
class Cell:
    """One admin view called with B's ids: `url(w)` builds the URL, `data(w)` a POST body."""

    method: str
    url: object
    data: object = None
    allowed_redirects: object = None


def url(name, *args):
    """A URL builder: args are callables of the world or literals."""

    def build(w):
        return reverse(name, args=[arg(w) if callable(arg) else arg for arg in args])

    return build


def with_query(builder, **params):
    def build(w):
        values = {key: value(w) if callable(value) else value for key, value in params.items()}
        return builder(w) + "?" + "&".join(f"{key}={value}" for key, value in values.items())

    return build


def b_booth(w):
    return w.b.booth.pk


def b_exhibit(w):
    return w.b.exhibit.pk


def b_en(w):
    return w.b.extras["en_booth"].pk


def b_ru(w):
    return w.b.extras["ru_booth"].pk


def b_draft(w):
    return w.b.draft_revision.pk


def b_live_revision(w):
    return w.b.booth.live_revision_id


def b_task_state(w):
    return w.b.extras["task_state"].pk


def b_workflow_state(w):
    return w.b.extras["workflow_state"].pk


def b_task(w):
    return w.b.extras["task"].pk


def b_image(w):
    return w.b.image.pk


def b_document(w):
    return w.b.document.pk


def b_profile(w):
    return w.b.profile.pk


def b_collection(w):
    return w.b.profile.collection_id


def b_group(w):
    return w.b.profile.group_id


def b_owner(w):
    return w.b.owner.pk


def b_translation(w):
    return w.b.extras["translation"].pk


def b_source(w):
    return w.b.extras["translation_source"].pk


def b_string_segment(w):
    return StringSegment.objects.filter(source_id=b_source(w)).first().pk


def buyer(w):
    return w.buyer.pk


def edition(w):
    return w.edition.pk


def empty(w):
    return {}


def page_form(w):
    return {"title": f"hijacked {w.b.booth.title}", "slug": "hijacked", "introduction": "x"}


def submit_form(w):
    return {**page_form(w), "action-submit": "1"}


def publish_form(w):
    return {**page_form(w), "action-publish": "1"}


def b_history(w):
    return (reverse("wagtailadmin_pages:history", args=[b_booth(w)]),)


def a_explore_root(w):
    return (reverse("wagtailadmin_explore", args=[w.a.booth.pk]),)


def bulk(app, model, action):
    def build(w):
        ids = {
            "page": b_booth(w),
            "boothimage": b_image(w),
            "document": b_document(w),
            "exhibitorprofile": b_profile(w),
            "user": b_owner(w),
        }[model]
        return reverse("wagtail_bulk_action", args=[app, model, action]) + f"?id={ids}"

    return build


def bulk_self(w, app, model, action):
    return (reverse("wagtail_bulk_action", args=[app, model, action]),)


snippet = "wagtailsnippets_booths_exhibitorprofile"
buyers = "wagtailsnippets_booths_buyerprofile"
profile_chooser = "wagtailsnippetchoosers_booths_exhibitorprofile"
buyer_chooser = "wagtailsnippetchoosers_booths_buyerprofile"

DENY = {
    # --- pages: booth and exhibit of B -------------------------------------------------
    "page-edit": Cell("get", url("wagtailadmin_pages:edit", b_booth)),
    "page-edit-exhibit": Cell("get", url("wagtailadmin_pages:edit", b_exhibit)),
    "page-edit-save": Cell("post", url("wagtailadmin_pages:edit", b_booth), page_form),
    "page-edit-submit": Cell("post", url("wagtailadmin_pages:edit", b_booth), submit_form),
    "page-edit-publish": Cell("post", url("wagtailadmin_pages:edit", b_booth), publish_form),
    "page-edit-cancel-workflow": Cell(
        "post", url("wagtailadmin_pages:edit", b_booth), lambda w: {"action-cancel-workflow": "1"}
    ),
    "page-preview-get": Cell("get", url("wagtailadmin_pages:preview_on_edit", b_booth)),
    "page-preview-post": Cell(
        "post", url("wagtailadmin_pages:preview_on_edit", b_booth), page_form
    ),
    "page-revisions-index": Cell(
        "get", url("wagtailadmin_pages:revisions_index", b_booth), allowed_redirects=b_history
    ),
    "page-revision-view": Cell("get", url("wagtailadmin_pages:revisions_view", b_booth, b_draft)),
    "page-revisions-compare-live-latest": Cell(
        "get", url("wagtailadmin_pages:revisions_compare", b_booth, "live", "latest")
    ),
    "page-revisions-compare-ids": Cell(
        "get", url("wagtailadmin_pages:revisions_compare", b_booth, b_live_revision, b_draft)
    ),
    "page-revisions-revert": Cell(
        "get", url("wagtailadmin_pages:revisions_revert", b_booth, b_live_revision)
    ),
    "page-revisions-unschedule": Cell(
        "post", url("wagtailadmin_pages:revisions_unschedule", b_booth, b_draft), empty
    ),
    "page-history": Cell("get", url("wagtailadmin_pages:history", b_booth)),
    "page-history-results": Cell("get", url("wagtailadmin_pages:history_results", b_booth)),
    "page-copy-get": Cell("get", url("wagtailadmin_pages:copy", b_booth)),
    "page-copy-post": Cell(
        "post",
        url("wagtailadmin_pages:copy", b_booth),
        lambda w: {"new_title": "copy", "new_slug": "copy", "new_parent_page": edition(w)},
    ),
    "page-move": Cell("get", url("wagtailadmin_pages:move", b_booth)),
    "page-move-confirm-get": Cell(
        "get", url("wagtailadmin_pages:move_confirm", b_exhibit, lambda w: w.a.booth.pk)
    ),
    "page-move-confirm-post": Cell(
        "post", url("wagtailadmin_pages:move_confirm", b_exhibit, lambda w: w.a.booth.pk), empty
    ),
    "page-set-position": Cell(
        "post", with_query(url("wagtailadmin_pages:set_page_position", b_booth), position=0), empty
    ),
    "page-delete-get": Cell("get", url("wagtailadmin_pages:delete", b_booth)),
    "page-delete-post": Cell("post", url("wagtailadmin_pages:delete", b_exhibit), empty),
    "page-unpublish-get": Cell("get", url("wagtailadmin_pages:unpublish", b_booth)),
    "page-unpublish-post": Cell("post", url("wagtailadmin_pages:unpublish", b_booth), empty),
    "page-lock": Cell("post", url("wagtailadmin_pages:lock", b_booth), empty),
    "page-unlock": Cell("post", url("wagtailadmin_pages:unlock", b_booth), empty),
    "page-view-draft": Cell("get", url("wagtailadmin_pages:view_draft", b_booth)),
    "page-usage": Cell("get", url("wagtailadmin_pages:usage", b_booth)),
    "page-set-privacy": Cell("get", url("wagtailadmin_pages:set_privacy", b_booth)),
    "page-add-subpage": Cell("get", url("wagtailadmin_pages:add_subpage", b_booth)),
    "page-add-exhibit-get": Cell(
        "get", url("wagtailadmin_pages:add", "booths", "exhibitpage", b_booth)
    ),
    "page-add-exhibit-post": Cell(
        "post", url("wagtailadmin_pages:add", "booths", "exhibitpage", b_booth), page_form
    ),
    "page-preview-on-add": Cell(
        "post",
        url("wagtailadmin_pages:preview_on_add", "booths", "exhibitpage", b_booth),
        page_form,
    ),
    "page-convert-alias-get": Cell("get", url("wagtailadmin_pages:convert_alias", b_ru)),
    "page-convert-alias-post": Cell("post", url("wagtailadmin_pages:convert_alias", b_ru), empty),
    "explore-booth": Cell(
        "get", url("wagtailadmin_explore", b_booth), allowed_redirects=a_explore_root
    ),
    "explore-booth-results": Cell(
        "get", url("wagtailadmin_explore_results", b_booth), allowed_redirects=a_explore_root
    ),
    "editing-session-ping": Cell(
        "post", url("wagtailadmin_editing_sessions:ping", "wagtailcore", "page", b_booth, 0), empty
    ),
    "form-submissions": Cell("get", url("wagtailforms:list_submissions", b_booth)),
    # --- workflow on B's draft in review ----------------------------------------------
    "workflow-approve": Cell(
        "post",
        url("wagtailadmin_pages:workflow_action", b_booth, "approve", b_task_state),
        lambda w: {"comment": "ok"},
    ),
    "workflow-reject": Cell(
        "post",
        url("wagtailadmin_pages:workflow_action", b_booth, "reject", b_task_state),
        lambda w: {"comment": "no"},
    ),
    "workflow-action-modal": Cell(
        "get", url("wagtailadmin_pages:workflow_action", b_booth, "approve", b_task_state)
    ),
    "workflow-collect-data": Cell(
        "get",
        url("wagtailadmin_pages:collect_workflow_action_data", b_booth, "approve", b_task_state),
    ),
    "workflow-confirm-cancellation": Cell(
        "get",
        url("wagtailadmin_pages:confirm_workflow_cancellation", b_booth),
    ),
    "workflow-history": Cell("get", url("wagtailadmin_pages:workflow_history", b_booth)),
    "workflow-history-detail": Cell(
        "get", url("wagtailadmin_pages:workflow_history_detail", b_booth, b_workflow_state)
    ),
    "workflow-preview": Cell("get", url("wagtailadmin_pages:workflow_preview", b_booth, b_task)),
    # --- page chooser and admin API ---------------------------------------------------
    "page-chooser-browse-booth": Cell("get", url("wagtailadmin_choose_page_child", b_booth)),
    "page-chooser-chosen": Cell(
        "get",
        with_query(url("wagtailadmin_choose_page_chosen_multiple"), id=b_booth),
    ),
    "admin-api-page-detail": Cell("get", url("wagtailadmin_api:pages:detail", b_booth)),
    "admin-api-page-action": Cell(
        "post", url("wagtailadmin_api:pages:action", b_booth, "unpublish"), empty
    ),
    "bulk-page-unpublish-post": Cell(
        "post",
        bulk("wagtailcore", "page", "unpublish"),
        empty,
        allowed_redirects=lambda w: bulk_self(w, "wagtailcore", "page", "unpublish"),
    ),
    "bulk-page-delete-post": Cell(
        "post",
        bulk("wagtailcore", "page", "delete"),
        empty,
        allowed_redirects=lambda w: bulk_self(w, "wagtailcore", "page", "delete"),
    ),
    # --- images and documents in B's collection ---------------------------------------
    "image-edit-get": Cell("get", url("wagtailimages:edit", b_image)),
    "image-edit-post": Cell(
        "post", url("wagtailimages:edit", b_image), lambda w: {"title": "hijacked"}
    ),
    "image-delete-get": Cell("get", url("wagtailimages:delete", b_image)),
    "image-delete-post": Cell("post", url("wagtailimages:delete", b_image), empty),
    "image-usage": Cell("get", url("wagtailimages:image_usage", b_image)),
    "image-rendition-preview": Cell("get", url("wagtailimages:preview", b_image, "fill-80x80")),
    "image-url-generator": Cell("get", url("wagtailimages:url_generator", b_image)),
    "image-edit-multiple": Cell(
        "post", url("wagtailimages:edit_multiple", b_image), lambda w: {"title": "hijacked"}
    ),
    "image-delete-multiple": Cell("post", url("wagtailimages:delete_multiple", b_image), empty),
    "image-chooser-chosen": Cell("get", url("wagtailimages_chooser:chosen", b_image)),
    "image-chooser-select-format": Cell("get", url("wagtailimages_chooser:select_format", b_image)),
    "admin-api-image-detail": Cell("get", url("wagtailadmin_api:images:detail", b_image)),
    "document-edit-get": Cell("get", url("wagtaildocs:edit", b_document)),
    "document-edit-post": Cell(
        "post", url("wagtaildocs:edit", b_document), lambda w: {"title": "hijacked"}
    ),
    "document-delete-get": Cell("get", url("wagtaildocs:delete", b_document)),
    "document-delete-post": Cell("post", url("wagtaildocs:delete", b_document), empty),
    "document-usage": Cell("get", url("wagtaildocs:document_usage", b_document)),
    "document-edit-multiple": Cell(
        "post", url("wagtaildocs:edit_multiple", b_document), lambda w: {"title": "hijacked"}
    ),
    "document-delete-multiple": Cell("post", url("wagtaildocs:delete_multiple", b_document), empty),
    "document-chooser-chosen": Cell("get", url("wagtaildocs_chooser:chosen", b_document)),
    "admin-api-document-detail": Cell("get", url("wagtailadmin_api:documents:detail", b_document)),
    "collection-edit": Cell("get", url("wagtailadmin_collections:edit", b_collection)),
    "collection-delete": Cell("get", url("wagtailadmin_collections:delete", b_collection)),
    "collection-privacy": Cell("get", url("wagtailadmin_collections:set_privacy", b_collection)),
    # --- B's exhibitor profile ----------------------------------------------------------
    "profile-edit-get": Cell("get", url(f"{snippet}:edit", b_profile)),
    "profile-edit-post": Cell(
        "post", url(f"{snippet}:edit", b_profile), lambda w: {"company_name": "hijacked"}
    ),
    "profile-history": Cell("get", url(f"{snippet}:history", b_profile)),
    "profile-history-results": Cell("get", url(f"{snippet}:history_results", b_profile)),
    "profile-delete-get": Cell("get", url(f"{snippet}:delete", b_profile)),
    "profile-delete-post": Cell("post", url(f"{snippet}:delete", b_profile), empty),
    "profile-copy": Cell("get", url(f"{snippet}:copy", b_profile)),
    "profile-usage": Cell("get", url(f"{snippet}:usage", b_profile)),
    "profile-chooser-chosen": Cell("get", url(f"{profile_chooser}:chosen", b_profile)),
    "profile-localize-api": Cell(
        "get",
        url("wagtail_localize:snippets_api_detail", "booths", "exhibitorprofile", b_profile),
    ),
    # --- the buyer catalogue: never for exhibitors --------------------------------------
    "buyers-index": Cell("get", url(f"{buyers}:list")),
    "buyers-index-results": Cell("get", url(f"{buyers}:list_results")),
    "buyer-add": Cell("get", url(f"{buyers}:add")),
    "buyer-edit": Cell("get", url(f"{buyers}:edit", buyer)),
    "buyer-edit-post": Cell(
        "post", url(f"{buyers}:edit", buyer), lambda w: {"company_name": "hijacked"}
    ),
    "buyer-history": Cell("get", url(f"{buyers}:history", buyer)),
    "buyer-copy": Cell("get", url(f"{buyers}:copy", buyer)),
    "buyer-usage": Cell("get", url(f"{buyers}:usage", buyer)),
    "buyer-delete": Cell("get", url(f"{buyers}:delete", buyer)),
    "buyer-chooser": Cell("get", url(f"{buyer_chooser}:choose")),
    "buyer-chooser-results": Cell("get", url(f"{buyer_chooser}:choose_results")),
    "buyer-chooser-chosen": Cell("get", url(f"{buyer_chooser}:chosen", buyer)),
    "buyer-localize-api-detail": Cell(
        "get", url("wagtail_localize:snippets_api_detail", "booths", "buyerprofile", buyer)
    ),
    "buyer-localize-api-listing": Cell(
        "get", url("wagtail_localize:snippets_api_listing", "booths", "buyerprofile")
    ),
    # --- wagtail-localize on B's booth and its en translation ---------------------------
    "translation-edit": Cell("get", url("wagtailadmin_pages:edit", b_en)),
    "translation-edit-publish": Cell(
        "post", url("wagtailadmin_pages:edit", b_en), lambda w: {"action": "publish"}
    ),
    "translation-alias-edit": Cell("get", url("wagtailadmin_pages:edit", b_ru)),
    "translation-submit-get": Cell("get", url("wagtail_localize:submit_page_translation", b_booth)),
    "translation-submit-post": Cell(
        "post",
        url("wagtail_localize:submit_page_translation", b_booth),
        lambda w: {"locales": [w.b.extras["ru_booth"].locale_id]},
    ),
    "translation-update-get": Cell("get", url("wagtail_localize:update_translations", b_source)),
    "translation-update-post": Cell(
        "post",
        url("wagtail_localize:update_translations", b_source),
        lambda w: {"publish_translations": "on"},
    ),
    "translation-machine-translate": Cell(
        "post", url("wagtail_localize:machine_translate", b_translation), empty
    ),
    "translation-convert-to-alias": Cell(
        "post", url("wagtail_localize:convert_to_alias", b_en), empty
    ),
    "translation-preview": Cell("get", url("wagtail_localize:preview_translation", b_translation)),
    "translation-stop": Cell(
        "post", url("wagtail_localize:stop_translation", b_translation), empty
    ),
    "translation-edit-string": Cell(
        "put",
        url("wagtail_localize:edit_string_translation", b_translation, b_string_segment),
        lambda w: {"value": "hijacked"},
    ),
    "translation-download-po": Cell("get", url("wagtail_localize:download_pofile", b_translation)),
    "translation-report": Cell("get", url("wagtail_localize:translations_report")),
    # --- user management: never for exhibitors ------------------------------------------
    "users-index": Cell("get", url("wagtailusers_users:index")),
    "users-add": Cell("get", url("wagtailusers_users:add")),
    "users-edit": Cell("get", url("wagtailusers_users:edit", b_owner)),
    "users-edit-post": Cell(
        "post", url("wagtailusers_users:edit", b_owner), lambda w: {"is_active": ""}
    ),
    "users-delete": Cell("get", url("wagtailusers_users:delete", b_owner)),
    "users-bulk-deactivate": Cell("get", bulk("auth", "user", "set_active_state")),
    "groups-index": Cell("get", url("wagtailusers_groups:index")),
    "groups-add": Cell("get", url("wagtailusers_groups:add")),
    "groups-edit": Cell("get", url("wagtailusers_groups:edit", b_group)),
    "groups-delete": Cell("get", url("wagtailusers_groups:delete", b_group)),
    "workflows-edit": Cell(
        "get",
        url("wagtailadmin_workflows:edit", lambda w: w.b.extras["workflow_state"].workflow_id),
    ),
    "workflow-task-edit": Cell("get", url("wagtailadmin_workflows:edit_task", b_task)),
}


@pytest.mark.parametrize("cell_id", sorted(DENY))
def test_exhibitor_is_refused_other_exhibitors_object(cell_id, world, db):
    cell = DENY[cell_id]
    before = snapshot_of_b(world)
    client = client_for(world.a.owner)
    target = cell.url(world)
    if cell.method == "post":
        response = client.post(target, cell.data(world))
    elif cell.method == "put":  # wagtail-localize's string editor speaks PUT
        body = urlencode(cell.data(world))
        response = client.put(target, body, content_type="application/x-www-form-urlencoded")
    else:
        response = client.get(target)
    allowed = cell.allowed_redirects(world) if cell.allowed_redirects else ()
    assert_refused(response, allowed)
    assert snapshot_of_b(world) == before


# Views that legitimately answer 200 to A (listings, choosers, confirmations that list
# nothing of B's): the answer must hold none of B's private data.
LISTINGS = {
    "dashboard": url("wagtailadmin_home"),
    "page-chooser-root": url("wagtailadmin_choose_page"),
    "page-chooser-browse-edition": url("wagtailadmin_choose_page_child", edition),
    "page-chooser-search-title": with_query(url("wagtailadmin_choose_page_search"), q="Booth"),
    "page-chooser-search-draft-text": with_query(
        url("wagtailadmin_choose_page_search"), q="Unannounced"
    ),
    "page-search": with_query(url("wagtailadmin_pages:search_results"), q="Unannounced"),
    "explore-own-booth-search-all": with_query(
        url("wagtailadmin_explore", lambda w: w.a.booth.pk), q="Booth", search_all=1
    ),
    "admin-api-pages-of-edition": with_query(
        url("wagtailadmin_api:pages:listing"), child_of=edition
    ),
    "images-index": url("wagtailimages:index"),
    "images-index-results": url("wagtailimages:index_results"),
    "image-chooser": url("wagtailimages_chooser:choose"),
    "image-chooser-results": with_query(url("wagtailimages_chooser:choose_results"), q="image"),
    "image-chooser-chosen-multiple": with_query(
        url("wagtailimages_chooser:chosen_multiple"), id=b_image
    ),
    "admin-api-images": url("wagtailadmin_api:images:listing"),
    "bulk-image-delete": bulk("booths", "boothimage", "delete"),
    "documents-index": url("wagtaildocs:index"),
    "document-chooser": url("wagtaildocs_chooser:choose"),
    "document-chooser-results": with_query(url("wagtaildocs_chooser:choose_results"), q="document"),
    "document-chooser-chosen-multiple": with_query(
        url("wagtaildocs_chooser:chosen_multiple"), id=b_document
    ),
    "admin-api-documents": url("wagtailadmin_api:documents:listing"),
    "bulk-document-delete": bulk("wagtaildocs", "document", "delete"),
    "bulk-page-delete": bulk("wagtailcore", "page", "delete"),
    "profiles-index": url(f"{snippet}:list"),
    "profiles-index-results": url(f"{snippet}:list_results"),
    "profile-chooser": url(f"{profile_chooser}:choose"),
    "profile-chooser-results": url(f"{profile_chooser}:choose_results"),
    "bulk-profile-delete": bulk("booths", "exhibitorprofile", "delete"),
    "report-workflows": url("wagtailadmin_reports:workflow"),
    "report-workflow-tasks": url("wagtailadmin_reports:workflow_tasks"),
    "report-site-history": url("wagtailadmin_reports:site_history"),
    "report-aging-pages": url("wagtailadmin_reports:aging_pages"),
}


@pytest.mark.parametrize("listing_id", sorted(LISTINGS))
def test_listings_and_choosers_hold_nothing_private_of_other_exhibitors(listing_id, world, db):
    response = client_for(world.a.owner).get(LISTINGS[listing_id](world))
    assert response.status_code in (200, 302, 403, 404)
    assert_no_private_data(response)


def test_page_chooser_converts_no_public_url_into_a_private_draft_title(world, db, settings):
    """The external-link step matches URLs to pages and would return the draft title."""
    booth_url = Page.objects.get(pk=world.b.booth.pk).get_full_url()
    response = client_for(world.a.owner).post(
        reverse("wagtailadmin_choose_page_external_link"),
        {"external-link-chooser-url": booth_url, "external-link-chooser-link_text": ""},
    )
    assert response.status_code == 200
    assert_no_private_data(response)
    assert response.json()["result"]["url"] == booth_url


def test_exhibitor_cannot_upload_into_another_exhibitors_collection(world, db):
    from tests.builders import png_bytes

    before = get_image_model().objects.filter(collection_id=b_collection(world)).count()
    client_for(world.a.owner).post(
        reverse("wagtailimages:add"),
        {
            "title": "planted",
            "collection": b_collection(world),
            "file": _upload("planted.png", png_bytes()),
        },
    )
    assert get_image_model().objects.filter(collection_id=b_collection(world)).count() == before


def exhibit_form(exhibit, image=None, description="<p>Solid oak.</p>"):
    """POST data of the exhibit edit form as an exhibitor sees it."""
    return nested_form_data(
        {
            "title": exhibit.title,
            "slug": exhibit.slug,
            "model_number": exhibit.model_number,
            "description": rich_text(description),
            "images": inline_formset([{"image": image.pk, "caption": ""}] if image else []),
            "specs": inline_formset([]),
            "comments": inline_formset([]),
            "moq": "",
            "moq_unit": "",
        }
    )


def test_exhibitor_cannot_use_another_exhibitors_image_on_its_own_profile(world, db):
    client = client_for(world.a.owner)
    edit_url = reverse(f"{snippet}:edit", args=[world.a.profile.pk])
    form = querydict_from_html(body_of(client.get(edit_url)), form_id="w-editor-form")
    form["logo"] = str(world.b.image.pk)

    client.post(edit_url, form)

    assert ExhibitorProfile.objects.get(pk=world.a.profile.pk).logo_id is None
    form["logo"] = str(world.a.image.pk)  # its own image is fine
    client.post(edit_url, form)
    assert ExhibitorProfile.objects.get(pk=world.a.profile.pk).logo_id == world.a.image.pk


def test_exhibitor_cannot_use_another_exhibitors_image_in_its_own_exhibit(world, db):
    """Wagtail does not check chooser ids; booths.media_scope does, once it is the exhibit's form."""
    assert issubclass(ExhibitPage.base_form_class, MediaScopedFormMixin)
    exhibit, image = world.a.exhibit, world.b.image
    form = exhibit_form(exhibit, image=image)
    client = client_for(world.a.owner)

    preview = client.post(reverse("wagtailadmin_pages:preview_on_edit", args=[exhibit.pk]), form)
    client.post(reverse("wagtailadmin_pages:edit", args=[exhibit.pk]), form)

    assert preview.json()["is_valid"] is False
    draft = ExhibitPage.objects.get(pk=exhibit.pk).get_latest_revision_as_object()
    assert image.pk not in [row.image_id for row in draft.images.all()]


def test_media_references_are_found_in_blocks_rows_and_rich_text(world, db):
    """What MediaScopedFormMixin inspects: chooser values nested in StreamField blocks, in
    inline rows, and image embeds / document links in rich text."""
    image, document = world.b.image, world.b.document
    body = BaseStreamBlock().to_python(
        [
            {"type": "gallery", "value": {"images": [{"image": image.pk, "caption": ""}]}},
            {"type": "brochure", "value": {"document": document.pk, "title": "Catalogue"}},
        ]
    )
    rich = f'<p><a linktype="document" id="{document.pk}">x</a></p><embed alt="" embedtype="image" format="left" id="{image.pk + 1000}"/>'
    assert media_references(body, rich, [{"image": image}]) == {
        ("image", image.pk),
        ("document", document.pk),
        ("image", image.pk + 1000),
    }


def test_exhibitor_uses_its_own_image_in_its_own_exhibit(world, db):
    exhibit = world.a.exhibit
    client_for(world.a.owner).post(
        reverse("wagtailadmin_pages:edit", args=[exhibit.pk]),
        exhibit_form(exhibit, image=world.a.image),
    )
    draft = ExhibitPage.objects.get(pk=exhibit.pk).get_latest_revision_as_object()
    assert [row.image_id for row in draft.images.all()] == [world.a.image.pk]


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="image/png")


# --- the positive side: A on its own objects ---------------------------------------------


def a_booth(w):
    return w.a.booth.pk


OWN = {
    "page-edit": (url("wagtailadmin_pages:edit", a_booth), A_SECRET),
    "page-edit-exhibit": (url("wagtailadmin_pages:edit", lambda w: w.a.exhibit.pk), A_SECRET),
    "page-revision-view": (
        url("wagtailadmin_pages:revisions_view", a_booth, lambda w: w.a.draft_revision.pk),
        A_SECRET,
    ),
    "page-revisions-compare": (
        url("wagtailadmin_pages:revisions_compare", a_booth, "live", "latest"),
        A_SECRET,
    ),
    "page-history": (url("wagtailadmin_pages:history", a_booth), None),
    "page-view-draft": (url("wagtailadmin_pages:view_draft", a_booth), A_SECRET),
    "page-add-exhibit": (url("wagtailadmin_pages:add", "booths", "exhibitpage", a_booth), None),
    "explore-own-booth": (url("wagtailadmin_explore", a_booth), None),
    "page-chooser-edition": (url("wagtailadmin_choose_page_child", edition), A_SECRET),
    "image-edit": (url("wagtailimages:edit", lambda w: w.a.image.pk), A_SECRET),
    "image-chooser": (url("wagtailimages_chooser:choose"), A_SECRET),
    "admin-api-images": (url("wagtailadmin_api:images:listing"), A_SECRET),
    "document-edit": (url("wagtaildocs:edit", lambda w: w.a.document.pk), A_SECRET),
    "document-chooser": (url("wagtaildocs_chooser:choose"), A_SECRET),
    "profile-edit": (url(f"{snippet}:edit", lambda w: w.a.profile.pk), A_SECRET),
    "profile-chooser": (url(f"{profile_chooser}:choose"), A_SECRET),
    "profiles-index": (url(f"{snippet}:list"), A_SECRET),
}


@pytest.mark.parametrize("own_id", sorted(OWN))
def test_exhibitor_opens_its_own_objects(own_id, world, db):
    build, marker = OWN[own_id]
    response = client_for(world.a.owner).get(build(world))
    assert response.status_code == 200
    if marker:
        assert marker in body_of(response)
    assert_no_private_data(response)


def test_an_organizers_draft_of_the_edition_keeps_the_way_to_the_own_booth_open(world, db):
    """Ancestors of the own booth stay browsable in the chooser, as in Wagtail's explorer."""
    edition = Page.objects.get(pk=world.edition.pk).specific
    edition.title = "Edition 2026 (draft rename)"
    edition.save_revision()
    client = client_for(world.a.owner)

    home = client.get(reverse("wagtailadmin_choose_page_child", args=[edition.get_parent().pk]))
    inside = client.get(reverse("wagtailadmin_choose_page_child", args=[edition.pk]))

    assert "Edition 2026 (draft rename)" in body_of(home)
    assert inside.status_code == 200
    assert A_SECRET in body_of(inside)  # A's own booth, listed under its own draft title
    assert_no_private_data(inside)


def test_exhibitor_previews_its_own_draft(world, db):
    assert not required_fields_hidden_from(world.a.owner, world.a.booth)
    client = client_for(world.a.owner)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[a_booth(world)])
    form = booth_form(world.a.booth, "Booth A preview")
    assert client.post(preview_url, form).json()["is_valid"]
    response = client.get(preview_url)
    assert response.status_code == 200
    assert "Booth A preview" in body_of(response)


def test_exhibitor_saving_its_own_profile_cannot_change_its_owners(world, db):
    """The Administration panel (owners, external id) is for organizers: an exhibitor's save
    must neither drop its owners (locking itself out) nor add accounts of its choosing."""
    stranger = get_user_model().objects.create_user("stranger", password="x" * 12)
    client = client_for(world.a.owner)
    edit_url = reverse(f"{snippet}:edit", args=[world.a.profile.pk])
    form = querydict_from_html(body_of(client.get(edit_url)), form_id="w-editor-form")
    form["company_name"] = "Exhibitor A Textiles (renamed)"
    form.setlist("owners", [str(world.a.owner.pk), str(stranger.pk)])

    client.post(edit_url, form)

    profile = ExhibitorProfile.objects.get(pk=world.a.profile.pk)
    assert profile.company_name == "Exhibitor A Textiles (renamed)"
    assert list(profile.owners.all()) == [world.a.owner], (
        "booths/models/profiles.py puts the permission on the Administration MultiFieldPanel; "
        "Wagtail then hides the panel but keeps owners/external_id in the exhibitor's form"
    )


def test_exhibitor_cannot_score_its_own_participation(world, db):
    """Participation feedback is collected by organizers (SPEC 4.1.2) and feeds the Annex A
    satisfaction score: an exhibitor's profile form neither shows nor saves it."""
    from booths.models import ExhibitorFeedback

    edition = Page.objects.get(pk=world.edition.pk)
    client = client_for(world.a.owner)
    edit_url = reverse(f"{snippet}:edit", args=[world.a.profile.pk])
    page = client.get(edit_url)
    assert page.status_code == 200
    form = querydict_from_html(body_of(page), form_id="w-editor-form")
    assert "feedback-TOTAL_FORMS" not in form
    form.update(
        {
            "feedback-TOTAL_FORMS": "1",
            "feedback-INITIAL_FORMS": "0",
            "feedback-MIN_NUM_FORMS": "0",
            "feedback-MAX_NUM_FORMS": "1000",
            "feedback-0-edition": str(edition.pk),
            "feedback-0-satisfaction": "5",
            "feedback-0-comment": "perfect",
            "feedback-0-ORDER": "1",
        }
    )
    form["company_name"] = "Exhibitor A Textiles (saved)"

    client.post(edit_url, form)

    assert ExhibitorProfile.objects.get(pk=world.a.profile.pk).company_name.endswith("(saved)")
    assert not ExhibitorFeedback.objects.filter(profile_id=world.a.profile.pk).exists()


# --- the control side: the same views show B's marker to an organizer --------------------

CONTROL = {
    "page-edit": url("wagtailadmin_pages:edit", b_booth),
    "page-revision-view": url("wagtailadmin_pages:revisions_view", b_booth, b_draft),
    "page-revisions-compare": url(
        "wagtailadmin_pages:revisions_compare", b_booth, "live", "latest"
    ),
    "page-view-draft": url("wagtailadmin_pages:view_draft", b_booth),
    "page-chooser-edition": url("wagtailadmin_choose_page_child", edition),
    "image-edit": url("wagtailimages:edit", b_image),
    "image-chooser": url("wagtailimages_chooser:choose"),
    "admin-api-images": url("wagtailadmin_api:images:listing"),
    "document-edit": url("wagtaildocs:edit", b_document),
    "profile-edit": url(f"{snippet}:edit", b_profile),
    "buyer-edit": url(f"{buyers}:edit", buyer),
}


@pytest.mark.parametrize("control_id", sorted(CONTROL))
def test_organizer_sees_what_the_matrix_looks_for(control_id, world, db):
    response = client_for(world.organizer).get(CONTROL[control_id](world))
    assert response.status_code == 200
    body = body_of(response)
    assert B_SECRET in body or BUYER_SECRET in body


def test_world_has_b_draft_in_review_and_an_en_translation(world, db):
    booth = BoothPage.objects.get(pk=world.b.booth.pk)
    assert booth.live and booth.has_unpublished_changes
    assert B_SECRET in booth.get_latest_revision_as_object().introduction
    assert B_SECRET not in booth.introduction  # the live row is public
    assert world.b.extras["workflow_state"].status == WorkflowState.STATUS_IN_PROGRESS
    en_booth = Page.objects.get(pk=b_en(world))
    assert en_booth.alias_of_id is None and en_booth.locale.language_code == "en"
    assert Page.objects.get(pk=b_ru(world)).alias_of_id == booth.pk
