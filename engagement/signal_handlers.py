"""Signal handlers of the engagement app, connected in EngagementConfig.ready()."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from wagtail.signals import page_published, page_unpublished, post_page_move


def word_lists_changed(sender, **kwargs):
    """An organizer edited a word list: every process rebuilds its matcher."""
    from engagement import moderation

    moderation.word_lists_changed()


def forget_page_targets(sender, instance, **kwargs):
    """A booth or exhibit was published, unpublished, moved or deleted: the API's cached
    view of it (engagement.pages.targets) is dropped in every language."""
    from engagement.pages import forget_targets

    forget_targets(instance)


def sync_live_sessions(sender, instance, **kwargs):
    """A booth was published or unpublished: its live sessions follow its live-stream
    blocks (SPEC 6.2.2.1; engagement.live.sync_booth, sessions kept on the source booth)."""
    from engagement import live

    live.sync_booth(instance)


def exhibitor_staff_changed(sender, instance, action, reverse=False, pk_set=None, **kwargs):
    """Owners added to or removed from an exhibitor: their cached staff rights go
    (engagement.identity.exhibitor_ids)."""
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    from engagement import identity

    if reverse:  # user.exhibitor_profiles changed: `instance` is the user
        identity.staff_changed([instance.pk])
    else:
        users = pk_set if action != "pre_clear" else instance.owners.values_list("pk", flat=True)
        identity.staff_changed(list(users or []))


def exhibitor_deleted(sender, instance, **kwargs):
    from engagement import identity

    identity.staff_changed(list(instance.owners.values_list("pk", flat=True)))


def register_signal_handlers():
    from booths.models import BoothPage, ExhibitorProfile, ExhibitPage
    from booths.roles import roles_ensured
    from engagement.models import WordList
    from engagement.roles import grant_role_permissions

    post_save.connect(word_lists_changed, sender=WordList, dispatch_uid="engagement_wordlist_saved")
    post_delete.connect(
        word_lists_changed, sender=WordList, dispatch_uid="engagement_wordlist_deleted"
    )
    roles_ensured.connect(grant_role_permissions, dispatch_uid="engagement_grant_roles")
    m2m_changed.connect(
        exhibitor_staff_changed,
        sender=ExhibitorProfile.owners.through,
        dispatch_uid="engagement_exhibitor_staff",
    )
    pre_delete.connect(
        exhibitor_deleted, sender=ExhibitorProfile, dispatch_uid="engagement_exhibitor_deleted"
    )
    for model in (BoothPage, ExhibitPage):
        name = model.__name__
        page_published.connect(
            forget_page_targets, sender=model, dispatch_uid=f"engagement_published_{name}"
        )
        page_unpublished.connect(
            forget_page_targets, sender=model, dispatch_uid=f"engagement_unpublished_{name}"
        )
        pre_delete.connect(
            forget_page_targets, sender=model, dispatch_uid=f"engagement_deleted_{name}"
        )
        post_page_move.connect(
            forget_page_targets, sender=model, dispatch_uid=f"engagement_moved_{name}"
        )
    for signal, name in ((page_published, "published"), (page_unpublished, "unpublished")):
        signal.connect(sync_live_sessions, sender=BoothPage, dispatch_uid=f"engagement_live_{name}")
