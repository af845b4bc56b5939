"""Content changes that reach the public site enqueue an incremental build.

One build per transaction, however many pages it published (a bulk action publishes
dozens): the build itself finds what changed from its manifest (ARCHITECTURE property 3).
"""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

_PENDING_ATTRIBUTE = "_site_build_enqueued"


def enqueue_build(**kwargs):
    """Schedule one incremental build after the current transaction commits."""
    if not settings.SITE_AUTO_BUILD or not site_was_built():
        return
    connection = transaction.get_connection()
    if getattr(connection, _PENDING_ATTRIBUTE, False):
        return
    setattr(connection, _PENDING_ATTRIBUTE, True)

    def run():
        setattr(connection, _PENDING_ATTRIBUTE, False)
        from site_builder.tasks import build_site_incrementally

        build_site_incrementally.enqueue()

    transaction.on_commit(run, robust=True)


def site_was_built():
    """Publishing keeps a built site up to date; the first build is an explicit
    `build_site` (make demo, a deployment), not a side effect of `setup_site`."""
    return (Path(settings.SITE_BUILD_DIR) / "_build" / "manifest.sqlite3").exists()


def register_signal_handlers():
    from wagtail.models import Page

    from booths.models import Category, ExhibitorProfile

    page_published.connect(enqueue_build, dispatch_uid="site_builder_page_published")
    page_unpublished.connect(enqueue_build, dispatch_uid="site_builder_page_unpublished")
    post_delete.connect(enqueue_build, sender=Page, dispatch_uid="site_builder_page_deleted")
    for model in (Category, ExhibitorProfile):
        post_save.connect(
            enqueue_build, sender=model, dispatch_uid=f"site_builder_{model.__name__}_saved"
        )
        post_delete.connect(
            enqueue_build, sender=model, dispatch_uid=f"site_builder_{model.__name__}_deleted"
        )
