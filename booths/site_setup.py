"""Bootstrap and language management: locales, per-locale home pages, the Site, roles, workflow.

Everything here is idempotent so that `make demo`, `manage.py setup_site` and tests can call
it freely. Adding or removing a language (SPEC 6.2.2.2: easy to add and remove) is
`add_locale()` / `remove_locale()`, used by `manage.py locales` and mirrored in the admin
(Settings → Locales, from wagtail-localize).
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import (
    GroupApprovalTask,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.models.i18n import get_translatable_models
from wagtail_localize.models import LocaleSynchronization

from booths import roles
from booths.models import HomePage

logger = logging.getLogger(__name__)

WORKFLOW_NAME = "Booth review"


def source_locale():
    locale, _ = Locale.objects.get_or_create(language_code=settings.SOURCE_LOCALE)
    return locale


@transaction.atomic
def ensure_home_page(title=None):
    """The source-locale HomePage under the tree root, serving as the default Site's root."""
    locale = source_locale()
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    if home is None:
        home = HomePage(title=title or settings.WAGTAIL_SITE_NAME, slug="home", locale=locale)
        # Wagtail's first migration leaves a "Welcome" page at slug "home"; replace it.
        for page in root.get_children().filter(slug="home").exclude(content_type__model="homepage"):
            Site.objects.filter(root_page=page).delete()
            page.delete()
        root.add_child(instance=home)
        home.save_revision().publish()
    # The admin's own origin (WAGTAILADMIN_BASE_URL) is where pages are previewed and, in
    # development, served; the static build sets its public base URL itself.
    origin = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname = origin.hostname or "localhost"
    site.port = origin.port or (443 if origin.scheme == "https" else 80)
    site.root_page = home
    site.site_name = settings.WAGTAIL_SITE_NAME
    site.save()
    return home


@transaction.atomic
def add_locale(language_code, sync=True):
    """Switch a language on: Locale row, synced page tree, translator group.

    With sync (the default) wagtail-localize keeps an alias of every source page in the new
    language until a translator translates it, so the new language's site is complete at once.
    """
    known = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
    if language_code not in known:
        raise ValidationError(
            _("%(code)s is not a content language; choose one of: %(known)s")
            % {"code": language_code, "known": ", ".join(sorted(known))}
        )
    source = source_locale()
    locale, created = Locale.objects.get_or_create(language_code=language_code)
    if locale == source:
        return locale, False
    if sync:
        # Creating the setting makes wagtail-localize mirror the tree at once (its post_save
        # handler runs synchronize_tree); afterwards new pages are mirrored as they are made,
        # so an existing language is not walked again (that costs seconds on a big show).
        LocaleSynchronization.objects.get_or_create(locale=locale, defaults={"sync_from": source})
    else:
        # Only the home page, so the language has a root for its translations.
        home = HomePage.objects.filter(locale=source, depth=2).first()
        if home and not home.has_translation(locale):
            home.copy_for_translation(locale, alias=True)
    roles.translator_group_for(locale)
    logger.info("Locale %s %s", language_code, "added" if created else "already present")
    return locale, created


@transaction.atomic
def remove_locale(language_code):
    """Switch a language off: delete its pages, snippet translations, translator group and Locale.

    Returns how many pages were deleted. Raises ValidationError for the source language
    (everything else is translated from it) and for a language that is not switched on,
    so that a typo never reads as a successful removal.
    """
    if language_code == settings.SOURCE_LOCALE:
        raise ValidationError(_("The source language cannot be removed."))
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None:
        active = Locale.objects.order_by("language_code").values_list("language_code", flat=True)
        raise ValidationError(
            _("%(code)s is not a site language; the site languages are: %(active)s")
            % {"code": language_code, "active": ", ".join(active)}
        )
    count = Page.objects.filter(locale=locale).count()
    # Each language tree hangs under its own home page, and deleting a page deletes its
    # subtree; going shallowest first still catches a stray page outside that tree.
    for page in Page.objects.filter(locale=locale).order_by("depth"):
        if Page.objects.filter(pk=page.pk).exists():
            page.delete()
    _delete_snippet_translations(locale)
    LocaleSynchronization.objects.filter(locale=locale).delete()
    Group.objects.filter(name=f"{roles.TRANSLATOR_LOCALE_PREFIX}{language_code}").delete()
    locale.delete()
    logger.info("Locale %s removed with %s pages", language_code, count)
    return count


def _delete_snippet_translations(locale):
    """Every translatable non-page row in `locale` (their locale foreign key is PROTECT)."""
    from booths.models import Category

    # Children before parents: categories reference their parent with PROTECT.
    for category in sorted(
        Category.objects.filter(locale=locale), key=lambda c: c.depth, reverse=True
    ):
        category.delete()
    for model in get_translatable_models():
        if not issubclass(model, Page):
            model.objects.filter(locale=locale).delete()


@transaction.atomic
def ensure_workflow():
    """Exhibitor changes need approval: organizer or moderator approves, then it is published."""
    groups = roles.ensure_roles()
    task = GroupApprovalTask.objects.filter(name="Organizer or moderator approval").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Organizer or moderator approval")
    task.groups.set([groups[roles.ORGANIZER], groups[roles.MODERATOR]])
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    root = Page.get_first_root_node()
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    _retire_wagtail_defaults(workflow)
    return workflow


def _retire_wagtail_defaults(workflow):
    """Wagtail's first migrations make "Editors"/"Moderators" groups and a "Moderators
    approval" workflow; beside our four roles they only confuse, so unused ones go."""
    from django.contrib.auth.models import Group

    Group.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True).delete()
    Workflow.objects.filter(name="Moderators approval").exclude(pk=workflow.pk).filter(
        workflow_pages__isnull=True, workflow_content_types__isnull=True
    ).update(active=False)


def ensure_site(locales=None):
    """Everything a fresh database needs before content: home, languages, roles, workflow."""
    ensure_home_page()
    for code in settings.EXHIBITION_LOCALES if locales is None else locales:
        add_locale(code)
    ensure_workflow()
