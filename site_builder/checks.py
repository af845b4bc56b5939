"""System checks of the static site: what `build_site` needs, told by `manage.py check`
rather than discovered mid-build (CONVENTIONS: missing binaries are a check warning)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.compatibility)
def check_theme_build(app_configs, **kwargs):
    if not (Path(settings.SITE_THEME_BUILD_DIR) / "manifest.json").exists():
        return [
            Warning(
                "The theme's front-end is not built: the site cannot be built and previews "
                "are unstyled.",
                hint="Run `make theme` (npm ci + esbuild into SITE_THEME_BUILD_DIR).",
                id="site_builder.W001",
            )
        ]
    return []


@register(Tags.compatibility)
def check_search_server(app_configs, **kwargs):
    if settings.MEILI_URL:
        if not settings.MEILI_MASTER_KEY:
            return [
                Warning(
                    "MEILI_URL is set without MEILI_MASTER_KEY: indexing will be refused.",
                    id="site_builder.W003",
                )
            ]
        return []
    if not os.access(settings.MEILI_BINARY, os.X_OK):
        return [
            Warning(
                "No Meilisearch: MEILI_URL is not set and the embedded binary is missing, so "
                "the site builds without search.",
                hint="Run `make meilisearch` (scripts/install_meilisearch.sh) or set MEILI_URL.",
                id="site_builder.W002",
            )
        ]
    return []
