"""No CDN (the embedded default): the web server serves the folder directly, nothing to purge."""

from collections.abc import Sequence

from .base import CDNBackend


class NoCDNBackend(CDNBackend):
    def paths_for(self, urls: Sequence[str]) -> list[str]:
        return []

    def invalidate_batch(self, urls: Sequence[str], reference: str) -> None:
        """Nothing is cached anywhere."""
