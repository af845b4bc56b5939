"""The engagement app in the Wagtail admin: word lists, the review queue, audit actions."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
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


@hooks.register("register_admin_urls")
def register_live_audience_url():
    from django.urls import path

    from engagement.live_admin import live_audience

    return [path("live-audience/", live_audience, name="engagement_live_audience")]


@hooks.register("register_admin_menu_item")
def register_live_audience_menu_item():
    from engagement.live_admin import menu_item

    return menu_item()


@hooks.register("register_admin_urls")
def register_inbox_urls():
    from django.urls import path

    from engagement import inbox_admin

    return [
        path("inbox/", inbox_admin.inbox, name="engagement_inbox"),
        path("inbox/<int:conversation_id>/", inbox_admin.thread, name="engagement_inbox_thread"),
    ]


class InboxMenuItem(MenuItem):
    """ "Inquiries", with the unread count, for the exhibitor's staff only."""

    def is_shown(self, request):
        from engagement import identity

        return bool(identity.exhibitor_ids(request.user))

    def render_component(self, request):
        from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent

        from engagement import conversations

        unread = conversations.total_unread(request.user)
        label = f"{self.label} ({unread})" if unread else self.label
        return LinkMenuItemComponent(self.name, label, self.url, icon_name=self.icon_name)


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem(_("Inquiries"), reverse("engagement_inbox"), icon_name="mail", order=150)


@hooks.register("register_admin_urls")
def register_meeting_urls():
    from django.urls import path

    from engagement import meetings_admin

    return [
        path("meetings/", meetings_admin.meeting_list, name="engagement_meetings"),
        path(
            "meetings/<int:meeting_id>/",
            meetings_admin.meeting_action,
            name="engagement_meeting_action",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_meetings_menu_item():
    from engagement.meetings_admin import menu_item

    return menu_item()
