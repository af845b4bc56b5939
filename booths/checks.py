"""System checks: configuration problems reported by `manage.py check`, not mid-build."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.compatibility)
def check_media_tools(app_configs, **kwargs):
    """Codecs and tools the asset pipeline needs (assets_pipeline.tools)."""
    from assets_pipeline.tools import TOOLS, available

    report = available()
    messages = []
    for name in ("ffmpeg", "ffprobe"):
        if report["tools"][name] is None:
            messages.append(
                Warning(
                    f"{name} is not installed: {TOOLS[name]} cannot run, so video uploads "
                    "cannot be processed and the demo has no video.",
                    hint="Install it (apt-get install ffmpeg); `make demo` does this for you.",
                    id="booths.W001",
                )
            )
    if report["tools"]["node"] is None:
        messages.append(
            Warning(
                "Node.js is not installed: glTF-Validator and the 3D optimizers cannot run, "
                "so 3D model uploads are refused (tool_missing).",
                hint="Install Node.js 18 or later and run `npm ci` (`make demo` does both).",
                id="booths.W003",
            )
        )
    if report["tools"]["chromium"] is None:
        messages.append(
            Warning(
                "Chromium is not installed: the poster images of 3D models (rendered by "
                "<model-viewer> in a headless browser) are not made, so models show no "
                "picture until they load.",
                hint="Install Debian's chromium (apt-get install chromium), or set "
                "ASSETS_CHROMIUM to a Chromium binary.",
                id="booths.W004",
            )
        )
    missing = sorted(name for name, present in report["codecs"].items() if not present)
    if missing:
        messages.append(
            Warning(
                f"Pillow cannot encode or decode {', '.join(missing)} on this machine: those "
                "image derivatives or uploads are not available.",
                hint="Install the project's pinned Pillow and pillow-heif (`make deps`).",
                id="booths.W002",
            )
        )
    return messages


@register()
def check_locales(app_configs, **kwargs):
    codes = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    if settings.SOURCE_LOCALE not in codes:
        return [Error("SOURCE_LOCALE is not in WAGTAIL_CONTENT_LANGUAGES.", id="booths.E001")]
    return []


@register()
def check_machine_translation(app_configs, **kwargs):
    backend = settings.MT_BACKEND
    if backend not in settings.MACHINE_TRANSLATION:
        return [
            Error(
                f"MT_BACKEND={backend!r} is not one of {sorted(settings.MACHINE_TRANSLATION)}.",
                id="booths.E002",
            )
        ]
    options = settings.MACHINE_TRANSLATION[backend].get("OPTIONS", {})
    if backend == "libretranslate" and not options.get("URL"):
        return [Error("MT_BACKEND=libretranslate needs LIBRETRANSLATE_URL.", id="booths.E003")]
    if backend == "deepl" and not options.get("AUTH_KEY"):
        return [Error("MT_BACKEND=deepl needs DEEPL_AUTH_KEY.", id="booths.E004")]
    return []
