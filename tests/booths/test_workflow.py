"""The booth review workflow over HTTP (SPEC 6.1.2: permission checks; 5.3: exhibitors
maintain their booth pages): the exhibitor edits and submits, cannot publish, the live page
keeps the old content, an organizer or moderator approves (then the new content is live) or
rejects (then the old content stays live and the exhibitor may resubmit).
"""

import pytest
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Page, TaskState, WorkflowPage, WorkflowState

from booths import roles
from booths.models import BoothPage
from booths.site_setup import WORKFLOW_NAME, ensure_workflow
from tests.booths.admin_responses import assert_refused, client_for, use_minimal_page_templates
from tests.booths.isolation_builders import (
    A_SECRET,
    REVIEW_TASK_NAME,
    booth_form,
    required_fields_hidden_from,
    two_exhibitors_rolled_back,
)

NEW_TITLE = "Booth A — spring collection"
NEW_INTRO = "<p>Spring collection: linen bedding.</p>"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with two_exhibitors_rolled_back(django_db_blocker) as built:
        yield built


@pytest.fixture(autouse=True)
def page_templates(settings, tmp_path):
    use_minimal_page_templates(settings, tmp_path)


def live_booth(world):
    return BoothPage.objects.get(pk=world.a.booth.pk)


def assert_exhibitor_can_save(world):
    hidden = required_fields_hidden_from(world.a.owner, live_booth(world))
    assert not hidden, f"required {hidden} hidden from exhibitors: they could never save"


def submit_as_exhibitor(world):
    """A's owner posts the edit form with "Submit for moderation"; returns the response."""
    booth = live_booth(world)
    form = booth_form(booth, NEW_TITLE, NEW_INTRO, submit=True)
    return client_for(world.a.owner).post(reverse("wagtailadmin_pages:edit", args=[booth.pk]), form)


def current_task_state(world):
    return live_booth(world).current_workflow_task_state


def test_site_setup_gives_booth_review_an_approval_task_for_organizers_and_moderators(db):
    from booths.site_setup import ensure_site

    ensure_site()
    workflow = ensure_workflow()
    assert workflow.name == WORKFLOW_NAME
    tasks = [task.specific for task in workflow.tasks]
    assert [type(task) for task in tasks] == [GroupApprovalTask], (
        "ensure_workflow() leaves 'Booth review' without its approval task: it adds the "
        "task through the ClusterableModel relation and never saves the workflow"
    )
    assert {group.name for group in tasks[0].groups.all()} == {roles.ORGANIZER, roles.MODERATOR}
    assert WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow == workflow


def test_exhibitor_is_shown_every_required_field_of_its_booth_form(world, db):
    """Otherwise no exhibitor can ever save (or submit) its booth."""
    assert required_fields_hidden_from(world.a.owner, live_booth(world)) == []


def test_exhibitor_submits_changes_and_the_live_booth_keeps_the_old_content(world, db):
    assert_exhibitor_can_save(world)
    old_title = live_booth(world).title

    response = submit_as_exhibitor(world)

    assert response.status_code == 302
    booth = live_booth(world)
    assert booth.live and booth.title == old_title
    assert booth.get_latest_revision_as_object().title == NEW_TITLE
    task_state = current_task_state(world)
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert task_state.task.name == REVIEW_TASK_NAME


def test_exhibitor_cannot_publish_its_booth(world, db):
    assert_exhibitor_can_save(world)
    booth = live_booth(world)
    assert not booth.permissions_for_user(world.a.owner).can_publish()
    old_title, old_live_revision = booth.title, booth.live_revision_id

    client_for(world.a.owner).post(
        reverse("wagtailadmin_pages:edit", args=[booth.pk]),
        booth_form(booth, NEW_TITLE, NEW_INTRO, publish=True),
    )

    booth = live_booth(world)
    assert booth.title == old_title
    assert booth.live_revision_id == old_live_revision
    assert booth.get_latest_revision_as_object().title == NEW_TITLE  # kept as a draft only


@pytest.mark.parametrize("reviewer", ["moderator", "organizer"])
def test_reviewer_approves_and_the_new_content_goes_live(world, db, reviewer):
    assert_exhibitor_can_save(world)
    submit_as_exhibitor(world)
    task_state = current_task_state(world)

    response = client_for(getattr(world, reviewer)).post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[world.a.booth.pk, "approve", task_state.pk],
        ),
        {"comment": "Looks good"},
    )

    assert response.status_code in (200, 302)
    booth = live_booth(world)
    assert booth.live and booth.title == NEW_TITLE
    assert "linen bedding" in booth.introduction
    assert not booth.has_unpublished_changes
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_APPROVED
    workflow_state = WorkflowState.objects.get(pk=task_state.workflow_state_id)
    assert workflow_state.status == WorkflowState.STATUS_APPROVED


def test_organizer_rejects_and_the_old_content_stays_live_until_resubmitted(world, db):
    assert_exhibitor_can_save(world)
    old_title = live_booth(world).title
    submit_as_exhibitor(world)
    task_state = current_task_state(world)

    client_for(world.organizer).post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[world.a.booth.pk, "reject", task_state.pk],
        ),
        {"comment": "Photos missing"},
    )

    booth = live_booth(world)
    assert booth.title == old_title
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_REJECTED
    workflow_state = WorkflowState.objects.get(pk=task_state.workflow_state_id)
    assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    # The exhibitor fixes the draft and restarts the review; still nothing goes live.
    form = booth_form(booth, NEW_TITLE, NEW_INTRO, **{"restart-workflow": True})
    client_for(world.a.owner).post(reverse("wagtailadmin_pages:edit", args=[booth.pk]), form)
    assert live_booth(world).title == old_title
    assert current_task_state(world).status == TaskState.STATUS_IN_PROGRESS


def test_exhibitor_cannot_approve_its_own_submission(world, db):
    assert_exhibitor_can_save(world)
    submit_as_exhibitor(world)
    task_state = current_task_state(world)

    response = client_for(world.a.owner).post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[world.a.booth.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )

    assert_refused(response)
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS
    assert live_booth(world).title != NEW_TITLE


def test_reviewer_sees_the_exhibitors_draft_in_the_review_preview(world, db):
    """The moderator reviews what the exhibitor wrote before deciding (workflow preview)."""
    booth = live_booth(world)
    assert booth.has_unpublished_changes  # A's draft from the world builder
    workflow_state = booth.get_workflow().start(booth, world.a.owner)
    task = workflow_state.current_task_state.task

    response = client_for(world.moderator).get(
        reverse("wagtailadmin_pages:workflow_preview", args=[booth.pk, task.pk])
    )

    assert response.status_code == 200
    assert A_SECRET in response.content.decode()
