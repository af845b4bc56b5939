"""Jitsi Meet, self-hosted: the default provider (SPEC 5.6.3, 6.1.1 open-source stack).

Self-hosted because the show's buyers sit behind many networks, some of which cannot reach
meet.jit.si or other services abroad reliably; the organizer runs Jitsi beside the platform.

The room name is the meeting's uid plus a keyed hash of it: a name nobody can guess from
the invitation's UID or from another meeting. With APP_ID and APP_SECRET (Jitsi's token
authentication, prosody `app_id` / `app_secret`), each participant's link carries a JWT
naming them, valid from 15 minutes before the start to an hour after the end, with the
exhibitor's staff as moderators; without them the room URL alone is the key.
"""

import datetime
from urllib.parse import urlsplit

import jwt
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from engagement.meeting_providers.base import MeetingProvider, ProviderNotConfigured

OPENS_BEFORE = datetime.timedelta(minutes=15)
CLOSES_AFTER = datetime.timedelta(hours=1)


class JitsiProvider(MeetingProvider):
    """OPTIONS: BASE_URL (required), APP_ID + APP_SECRET (both or neither), ROOM_PREFIX."""

    display_name = "Jitsi Meet"

    def __init__(self, options=None):
        super().__init__(options)
        self.base_url = str(self.option("BASE_URL", required=True)).rstrip("/")
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ProviderNotConfigured(
                _("The Jitsi Meet BASE_URL must be an http(s) address, not %(url)r.")
                % {"url": self.base_url}
            )
        self.domain = parts.hostname
        self.app_id = self.option("APP_ID", "")
        self.app_secret = self.option("APP_SECRET", "")
        if bool(self.app_id) != bool(self.app_secret):
            raise ProviderNotConfigured(
                _("Jitsi Meet token authentication needs both APP_ID and APP_SECRET.")
            )
        self.room_prefix = self.option("ROOM_PREFIX", "expo")

    def room_name(self, meeting):
        """Lower-case letters, digits and dashes (Jitsi lower-cases room names anyway)."""
        keyed = salted_hmac(
            "engagement.meeting_providers.jitsi.room",
            str(meeting.uid),
            secret=self.app_secret or None,
            algorithm="sha256",
        ).hexdigest()[:24]
        return f"{self.room_prefix}-{meeting.uid.hex[:12]}-{keyed}"

    def create_link(self, meeting):
        return f"{self.base_url}/{self.room_name(meeting)}"

    def link_for(self, meeting, user, host=False):
        if not meeting.join_url or not self.app_id:
            return meeting.join_url
        return f"{meeting.join_url}?jwt={self.token(meeting, user, host)}"

    def token(self, meeting, user, host=False):
        """The JWT Jitsi's token authentication checks: aud, iss, sub, room and validity.

        The e-mail address is left out on purpose: the token travels in a URL, and URLs end
        up in browser histories and proxy logs.
        """
        room = meeting.join_url.rstrip("/").rsplit("/", 1)[-1]
        claims = {
            "aud": "jitsi",
            "iss": self.app_id,
            "sub": self.domain,
            "room": room,
            "nbf": int((meeting.starts_at - OPENS_BEFORE).timestamp()),
            "exp": int((meeting.ends_at + CLOSES_AFTER).timestamp()),
            "context": {
                "user": {
                    "id": str(user.pk),
                    "name": user.get_full_name() or user.get_username(),
                    "moderator": bool(host),
                }
            },
        }
        return jwt.encode(claims, self.app_secret, algorithm="HS256")
