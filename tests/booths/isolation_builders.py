"""Builders for the exhibitor-isolation, workflow and role tests (SPEC 6.1.2).

`build_two_exhibitors()` makes the world those tests share: two exhibitors, each with an
owner account, a published booth that then gets an unpublished draft revision, a published
exhibit with a specification, an image and a document in the exhibitor's own collection.
Exhibitor B's booth is also translated into `en` through wagtail-localize, its draft is
submitted to the review workflow, and every private thing of B carries `B_SECRET` so a test
can tell whether a response leaked it.
"""

import contextlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import GroupApprovalTask, Locale, Page, Workflow, WorkflowTask
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail_localize.models import Translation, TranslationSource

from booths import roles
from booths.models import BoothPage, BuyerProfile, ExhibitorProfile, ExhibitPage
from booths.site_setup import WORKFLOW_NAME
from tests.builders import make_booth, make_exhibit, make_exhibitor, make_image, make_user

REVIEW_TASK_NAME = "Organizer or moderator approval"

# Strings that only ever appear in private data (drafts, media, records) of exhibitor B,
# or in the buyer catalogue. Published content of B deliberately does not contain them.
B_SECRET = "B-SECRET-7f3a"
A_SECRET = "A-SECRET-91c2"
BUYER_SECRET = "BUYER-SECRET-55d0"


def fresh(user):
    """A new instance of `user`: Django and Wagtail cache permissions on the user object."""
    return type(user).objects.get(pk=user.pk)


def make_document(title, collection, content=b"%PDF-1.4\n% test document\n"):
    document = get_document_model()(title=title, collection=collection)
    document.file.save(f"{title}.pdf", ContentFile(content), save=False)
    document.save()
    return document


def save_draft(page, secret, title=None):
    """Give a live page unpublished changes (a newer revision) that carry `secret`."""
    page = Page.objects.get(pk=page.pk).specific
    if title is not None:
        page.title = title
    if hasattr(page, "introduction"):
        page.introduction = f"<p>Unannounced product line {secret}</p>"
    elif hasattr(page, "description"):
        page.description = f"<p>Next model {secret}</p>"
    return page.save_revision()


def translate_page(page, locale_code, user=None):
    """Translate `page` (from its live content) into `locale_code` the way the submit view does."""
    locale = Locale.objects.get(language_code=locale_code)
    page = Page.objects.get(pk=page.pk).specific
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = Translation.objects.update_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    translation.save_target(user=user, publish=True)
    return translation


def review_workflow():
    """The "Booth review" workflow with its approval task attached.

    site_setup.ensure_workflow() adds the task through the workflow's ClusterableModel
    relation without saving the workflow, so the task row is never written (reported to the
    owner of site_setup.py). Writing the row here is a no-op once that is fixed, and
    test_workflow checks ensure_site() itself, so the bug cannot hide behind this.
    """
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    task = GroupApprovalTask.objects.get(name=REVIEW_TASK_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def booth_form(booth, title, introduction="<p>Who we are.</p>", **actions):
    """POST data of the booth edit form as an exhibitor sees it (no Exhibitor panel)."""
    data = nested_form_data(
        {
            "title": title,
            "slug": booth.slug,
            "introduction": rich_text(introduction),
            "tags": "",
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    data.update({f"action-{action}": "1" for action, wanted in actions.items() if wanted})
    return data


@dataclass
class ExhibitorWorld:
    """One exhibitor's objects, as ids and instances a test can put into URLs."""

    owner: object
    profile: ExhibitorProfile
    booth: BoothPage
    exhibit: ExhibitPage
    image: object
    document: object
    draft_revision: object
    secret: str
    extras: dict = field(default_factory=dict)


@dataclass
class TwoExhibitors:
    edition: Page
    a: ExhibitorWorld
    b: ExhibitorWorld
    organizer: object
    moderator: object
    buyer: BuyerProfile


def build_exhibitor(edition, label, secret):
    """An exhibitor with owner, booth (live + draft), exhibit with spec, image, document."""
    owner = make_user(f"owner-{label.lower()}-{edition.pk}", email=f"{label}@example.com")
    profile = make_exhibitor(
        company_name=f"Exhibitor {label} Textiles {secret}",
        owners=[owner],
        main_exhibits=f"Private notes {secret}",
    )
    booth = make_booth(edition, profile, title=f"Booth {label}")
    image = make_image(title=f"image-{label}-{secret}", collection=profile.collection)
    document = make_document(f"document-{label}-{secret}", profile.collection)
    exhibit = make_exhibit(
        booth,
        title=f"Chair {label}",
        specs=[("功率", "5.5 kW", 5.5, "kW")],
        model_number=f"NT-{label}",
    )
    draft = save_draft(booth, secret, title=f"Booth {label} {secret}")
    save_draft(exhibit, secret)
    return ExhibitorWorld(
        owner=owner,
        profile=ExhibitorProfile.objects.get(pk=profile.pk),
        booth=BoothPage.objects.get(pk=booth.pk),
        exhibit=ExhibitPage.objects.get(pk=exhibit.pk),
        image=image,
        document=document,
        draft_revision=draft,
        secret=secret,
    )


def build_two_exhibitors(edition):
    """Exhibitors A and B side by side; B's draft is in review and its booth has an en copy."""
    groups = roles.ensure_roles()
    organizer = make_user(f"organizer-{edition.pk}", groups[roles.ORGANIZER])
    moderator = make_user(f"moderator-{edition.pk}", groups[roles.MODERATOR])

    a = build_exhibitor(edition, "A", A_SECRET)
    b = build_exhibitor(edition, "B", B_SECRET)

    # The en translation is made from B's live content, before anyone could see the draft.
    b_translation = translate_page(b.booth, "en", user=organizer)
    b.extras["translation"] = b_translation
    b.extras["translation_source"] = b_translation.source
    b.extras["en_booth"] = b.booth.get_translation(Locale.objects.get(language_code="en"))
    # ...and an alias in ru, as wagtail-localize keeps for languages not yet translated.
    b.extras["ru_booth"] = Page.objects.get(pk=b.booth.pk).copy_for_translation(
        Locale.objects.get(language_code="ru"), copy_parents=True, alias=True
    )

    # B submits its draft for review, so there is a workflow and a task state to act on.
    workflow = review_workflow()
    workflow_state = workflow.start(Page.objects.get(pk=b.booth.pk).specific, b.owner)
    b.extras["workflow_state"] = workflow_state
    b.extras["task_state"] = workflow_state.current_task_state
    b.extras["task"] = workflow_state.current_task_state.task

    buyer = BuyerProfile.objects.create(
        company_name=f"Buyer {BUYER_SECRET} GmbH", main_products=f"Sourcing plan {BUYER_SECRET}"
    )
    return TwoExhibitors(
        edition=edition, a=a, b=b, organizer=organizer, moderator=moderator, buyer=buyer
    )


@contextlib.contextmanager
def two_exhibitors_rolled_back(django_db_blocker):
    """The world of build_two_exhibitors(), for a module-scoped fixture: built once, then
    rolled back, so that each test (in its own savepoint) starts from the same state."""
    from booths.site_setup import ensure_home_page, ensure_site
    from tests.builders import make_edition

    with django_db_blocker.unblock(), transaction.atomic():
        ensure_site()
        yield build_two_exhibitors(make_edition(ensure_home_page()))
        transaction.set_rollback(True)
    cache.clear()  # Wagtail caches the site root paths of the rolled-back pages


def required_fields_hidden_from(user, page):
    """Required fields of `user`'s edit form for `page` that `user` is not shown.

    Wagtail drops a field from the form only when its *FieldPanel* carries the permission; a
    permission on an enclosing MultiFieldPanel hides the panel but keeps the field, and a
    required field the user cannot see then fails every save that user makes.
    """
    edit_handler = type(page).get_edit_handler()
    form = edit_handler.get_form_class()(
        instance=page, for_user=user, parent_page=page.get_parent()
    )
    shown = set()
    _collect_shown_fields(edit_handler, user, shown)
    return sorted(
        name for name, field in form.fields.items() if field.required and name not in shown
    )


def _collect_shown_fields(panel, user, shown):
    permission = getattr(panel, "permission", None)
    if permission and not user.has_perm(permission):
        return
    if getattr(panel, "field_name", None):
        shown.add(panel.field_name)
    for child in getattr(panel, "children", ()):
        _collect_shown_fields(child, user, shown)
