"""Signal handlers of the engagement app, connected in EngagementConfig.ready()."""

from django.apps import apps
from django.db.models.signals import post_delete, post_migrate, post_save


def word_lists_changed(sender, **kwargs):
    """An organizer edited a word list: every process rebuilds its matcher."""
    from engagement import moderation

    moderation.word_lists_changed()


def grant_roles_after_migrate(sender, **kwargs):
    """After booths.roles has made the role groups (on the last app's post_migrate, with
    its receiver connected before this one), add what they may do here."""
    if sender.label == list(apps.get_app_configs())[-1].label:
        from engagement import roles

        roles.grant_role_permissions()


def register_signal_handlers():
    from engagement.models import WordList

    post_save.connect(word_lists_changed, sender=WordList, dispatch_uid="engagement_wordlist_saved")
    post_delete.connect(
        word_lists_changed, sender=WordList, dispatch_uid="engagement_wordlist_deleted"
    )
    post_migrate.connect(grant_roles_after_migrate, dispatch_uid="engagement_grant_roles")
