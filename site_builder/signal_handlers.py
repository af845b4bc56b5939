"""Content changes that reach the public site are journaled and enqueue an incremental build.

Each change is written to the change journal (site_builder.changes) so that the build
re-plans only what it touches; changes the builder does not follow page by page (a
category, a language, a view restriction) journal "everything", and the next build
compares the whole site with its manifest instead. One build is enqueued per transaction,
however many pages it published (a bulk action publishes dozens).
"""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from site_builder import changes
from site_builder.models import SiteChange


class BuildRequest:
    """The on-commit callback that enqueues one incremental build for a transaction."""

    def __call__(self):
        from site_builder.tasks import build_site_incrementally

        build_site_incrementally.enqueue()


def enqueue_build():
    """Schedule one incremental build after the current transaction commits."""
    if not settings.SITE_AUTO_BUILD or not site_was_built():
        return
    if changes.pending_callback(BuildRequest) is None:
        transaction.on_commit(BuildRequest(), robust=True)


def site_was_built():
    """Publishing keeps a built site up to date; the first build is an explicit
    `build_site` (make demo, a deployment), not a side effect of `setup_site`."""
    return (Path(settings.SITE_BUILD_DIR) / "_build" / "manifest.sqlite3").exists()


def page_changed(instance, **kwargs):
    changes.record(SiteChange.PAGE, instance.pk)
    enqueue_build()


def exhibitor_changed(instance, **kwargs):
    changes.record(SiteChange.EXHIBITOR, instance.pk)
    enqueue_build()


def everything_changed(**kwargs):
    changes.record_everything()
    enqueue_build()


def register_signal_handlers():
    from wagtail.models import Locale, Page, PageViewRestriction, Site

    from booths.models import Category, ExhibitorProfile

    page_published.connect(page_changed, dispatch_uid="site_builder_page_published")
    page_unpublished.connect(page_changed, dispatch_uid="site_builder_page_unpublished")
    post_page_move.connect(page_changed, dispatch_uid="site_builder_page_moved")
    post_delete.connect(page_changed, sender=Page, dispatch_uid="site_builder_page_deleted")
    post_save.connect(
        exhibitor_changed, sender=ExhibitorProfile, dispatch_uid="site_builder_exhibitor_saved"
    )
    post_delete.connect(
        exhibitor_changed, sender=ExhibitorProfile, dispatch_uid="site_builder_exhibitor_deleted"
    )
    for model in (Category, PageViewRestriction, Locale, Site):
        name = model.__name__
        post_save.connect(everything_changed, sender=model, dispatch_uid=f"site_builder_{name}_s")
        post_delete.connect(everything_changed, sender=model, dispatch_uid=f"site_builder_{name}_d")
