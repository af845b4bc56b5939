"""What the HTTP engines share: one POST with a timeout, and errors a translator can read."""

from urllib.parse import urlsplit, urlunsplit

import requests
from django.utils.translation import gettext as _

from booths.machine_translators.base import MachineTranslationError, TranslationEngine

DEFAULT_TIMEOUT = 20  # seconds; a translator waits for the answer in the admin


class RemoteTranslationEngine(TranslationEngine):
    """A `TranslationEngine` that talks JSON over HTTP.

    Failures of any kind (refused connection, timeout, an HTTP error status, an answer that
    is not the JSON we expect) become `MachineTranslationError` naming the engine, the
    status and the service's own message, never the API key.
    """

    def timeout(self):
        return float(self.option("TIMEOUT", DEFAULT_TIMEOUT))

    def post_json(self, url, payload, headers=None):
        try:
            response = requests.post(url, json=payload, headers=headers, timeout=self.timeout())
        except requests.Timeout as error:
            raise MachineTranslationError(
                _("%(engine)s did not answer within %(seconds)s seconds.")
                % {"engine": self.display_name, "seconds": self.timeout()}
            ) from error
        except requests.RequestException as error:
            raise MachineTranslationError(
                _("%(engine)s could not be reached at %(url)s: %(error)s")
                % {
                    "engine": self.display_name,
                    "url": _without_credentials(url),
                    "error": error.__class__.__name__,
                }
            ) from error
        if response.status_code >= 400:
            raise MachineTranslationError(
                _("%(engine)s refused the request (HTTP %(status)s): %(message)s")
                % {
                    "engine": self.display_name,
                    "status": response.status_code,
                    "message": self.error_message(response),
                }
            )
        try:
            return response.json()
        except ValueError as error:
            raise MachineTranslationError(
                _("%(engine)s answered with something that is not JSON.")
                % {"engine": self.display_name}
            ) from error

    def error_message(self, response):
        """The service's explanation of an error: its JSON `error`/`message`, else the body."""
        try:
            body = response.json()
        except ValueError:
            return response.text[:200] or response.reason
        if isinstance(body, dict):
            for key in ("error", "message", "detail"):
                if body.get(key):
                    return str(body[key])[:200]
        return str(body)[:200]


def _without_credentials(url):
    """The URL as it may appear in a message: any user:password@ part removed."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"  # IPv6
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit(parts._replace(netloc=host))
