"""Video-meeting providers (SPEC 5.6.3), swappable in the project's one backend shape.

    MEETING_PROVIDERS = {
        "jitsi": {"BACKEND": "engagement.meeting_providers.jitsi.JitsiProvider",
                  "OPTIONS": {"BASE_URL": "https://meet.example.com"}},
        "external": {"BACKEND": "engagement.meeting_providers.external.ExternalLinkProvider"},
    }

A meeting records the name of its provider, so `get_provider(meeting.provider)` finds the
same backend for every later link it hands out.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from engagement.meeting_providers.base import (
    MeetingLinkRefused,
    MeetingProvider,
    ProviderNotConfigured,
)

logger = logging.getLogger(__name__)

__all__ = [
    "MeetingLinkRefused",
    "MeetingProvider",
    "ProviderNotConfigured",
    "get_provider",
    "join_link",
    "provider_names",
]


def provider_names():
    """The names a meeting may be requested with, as configured."""
    return sorted(getattr(settings, "MEETING_PROVIDERS", {}))


def get_provider(name):
    """The provider configured as `name`, built from its OPTIONS."""
    providers = getattr(settings, "MEETING_PROVIDERS", {})
    if name not in providers:
        raise ProviderNotConfigured(
            _("Meeting provider %(name)r is not configured; choose one of: %(known)s")
            % {"name": name, "known": ", ".join(sorted(providers)) or "-"}
        )
    config = providers[name]
    try:
        backend = import_string(config["BACKEND"])
    except (ImportError, KeyError) as error:
        raise ProviderNotConfigured(
            _("MEETING_PROVIDERS[%(name)r] has no importable BACKEND: %(error)s")
            % {"name": name, "error": error}
        ) from error
    return backend(config.get("OPTIONS", {}))


def join_link(meeting, user, host=False):
    """The address `user` opens to join: their own (signed, where the provider signs) while
    the meeting is on; nothing once it is cancelled or declined."""
    if meeting.status not in ("requested", "accepted") or not meeting.join_url:
        return ""
    try:
        provider = get_provider(meeting.provider)
    except ProviderNotConfigured:
        # Taken out of the settings after this meeting was made: its stored link still works.
        logger.warning("Meeting %s: provider %r is not configured", meeting.pk, meeting.provider)
        return meeting.join_url
    return provider.link_for(meeting, user, host=host)
