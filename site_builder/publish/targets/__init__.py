"""Publish targets, chosen by the scheme of the target URL."""

from urllib.parse import urlsplit

from django.utils.module_loading import import_string

from .base import PublishTarget, TargetConfigurationError

TARGET_CLASSES = {
    "file": "site_builder.publish.targets.file.FileTarget",
    "s3": "site_builder.publish.targets.s3.S3Target",
}


def open_target(url: str) -> PublishTarget:
    """The target for `url`, e.g. `file:///srv/expo` or `s3://bucket/prefix`."""
    scheme = urlsplit(url).scheme.lower() if url else ""
    if scheme not in TARGET_CLASSES:
        raise TargetConfigurationError(
            f"Unsupported publish target {url!r}: use file:///path/to/folder or "
            "s3://bucket/prefix (SITE_PUBLISH_TARGET or --target)."
        )
    return import_string(TARGET_CLASSES[scheme])(url)


__all__ = ["PublishTarget", "TargetConfigurationError", "open_target"]
