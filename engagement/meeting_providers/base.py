"""The one shape of a video-meeting provider (SPEC 5.6.3: one-to-one and one-to-many video
meetings on PC or phone).

A provider turns a meeting into the address its participants open. Providers know nothing
about who may meet whom or when: `engagement.meetings` decides that, then asks the provider
for a link once, when the meeting is requested, and keeps it across reschedules so that an
invitation already in someone's calendar still works. Providers are named in
`settings.MEETING_PROVIDERS` as `{"name": {"BACKEND": "dotted.path", "OPTIONS": {...}}}`.
"""

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _


class ProviderNotConfigured(ImproperlyConfigured):
    """The provider's settings are missing or wrong (unknown name, no server address)."""


class MeetingLinkRefused(ValueError):
    """A link someone supplied cannot be used (not https, a host outside the allow-list).

    A user's mistake rather than the deployment's: the API answers it with 422 and this
    message, in the user's language.
    """


class MeetingProvider:
    """Base class of providers: subclasses implement `create_link`.

    `link_for` is the per-participant fallback: a provider that can sign a link for one
    person (a Jitsi token naming them, making hosts moderators) overrides it; the others
    give everyone the meeting's shared link.
    """

    display_name = "Unknown provider"
    # True when the exhibitor supplies the link (pasted from Tencent Meeting, Zoom, ...).
    takes_pasted_link = False

    def __init__(self, options=None):
        self.options = dict(options or {})

    def create_link(self, meeting):
        """The meeting's shared address, stored as `meeting.join_url`."""
        raise NotImplementedError

    def link_for(self, meeting, user, host=False):
        """The address `user` opens to join; `host` is True for the exhibitor's staff."""
        return meeting.join_url

    def option(self, name, default=None, required=False):
        """An entry of OPTIONS; a missing required one is a configuration error."""
        value = self.options.get(name, default)
        if required and not value:
            raise ProviderNotConfigured(
                _("The %(provider)s meeting provider needs the %(option)s option.")
                % {"provider": self.display_name, "option": name}
            )
        return value
