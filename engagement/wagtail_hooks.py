"""The engagement app in the Wagtail admin: word lists, the review queue, audit actions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from engagement.models import ModerationCase, WordList
from engagement.moderation_admin import CasePolicy, ModerationCaseViewSet

register_permission_policy(ModerationCase, CasePolicy(ModerationCase), exact_class=True)


class WordListViewSet(SnippetViewSet):
    model = WordList
    icon = "warning"
    menu_label = _("Word lists")
    menu_order = 331
    add_to_admin_menu = True
    list_display = ["name", "action", "enabled"]
    list_filter = ["action", "enabled"]


register_snippet(WordListViewSet)


@hooks.register("register_admin_viewset")
def register_moderation_viewset():
    return ModerationCaseViewSet("engagement_moderationcase", url_prefix="moderation")


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    actions.register_action(
        "engagement.moderation.approve", _("Approve held text"), _("Approved a held text")
    )
    actions.register_action(
        "engagement.moderation.reject", _("Reject held text"), _("Rejected a held text")
    )
