"""A link the exhibitor pastes from another service (Tencent Meeting, Zoom, Teams...).

Some exhibitors already run their meetings elsewhere, and some buyers' companies only allow
one service. The link goes into e-mails and calendars under the platform's name, so it must
be https and on a host the organizer trusts (MEETING_EXTERNAL_HOSTS); anything else could
send buyers to a phishing page with the show's credibility.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from engagement.meeting_providers.base import MeetingLinkRefused, MeetingProvider

MAX_LENGTH = 500  # Meeting.join_url


def host_allowed(host, patterns):
    """`host` is one of `patterns`; "*.zoom.us" stands for any subdomain of zoom.us."""
    host = host.lower().rstrip(".")
    for pattern in patterns:
        pattern = pattern.lower().strip().rstrip(".")
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]) and host != pattern[2:]:
                return True
        elif host == pattern:
            return True
    return False


class ExternalLinkProvider(MeetingProvider):
    """OPTIONS: HOSTS (default settings.MEETING_EXTERNAL_HOSTS)."""

    display_name = "external link"
    takes_pasted_link = True

    def __init__(self, options=None):
        super().__init__(options)
        self.hosts = list(self.option("HOSTS") or getattr(settings, "MEETING_EXTERNAL_HOSTS", []))

    def create_link(self, meeting):
        """The pasted link (`meeting.join_url`), checked; it is never invented here."""
        return self.check(meeting.join_url)

    def check(self, url):
        """The link, stripped, if it may be used; MeetingLinkRefused with the reason if not."""
        url = (url or "").strip()
        if not url:
            raise MeetingLinkRefused(_("Paste the meeting link from your meeting service."))
        if len(url) > MAX_LENGTH or any(ord(char) < 33 or ord(char) > 126 for char in url):
            raise MeetingLinkRefused(_("This meeting link is not a valid address."))
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            raise MeetingLinkRefused(_("This meeting link is not a valid address.")) from None
        if parts.scheme != "https":
            raise MeetingLinkRefused(_("The meeting link must start with https://."))
        # user@host links read as one host and open another; odd ports are not the service.
        if parts.username or parts.password or port not in (None, 443) or not parts.hostname:
            raise MeetingLinkRefused(_("This meeting link is not a valid address."))
        if not host_allowed(parts.hostname, self.hosts):
            raise MeetingLinkRefused(
                _("Links to %(host)s are not accepted. Use one of: %(hosts)s.")
                % {"host": parts.hostname, "hosts": ", ".join(self.hosts)}
            )
        return url
