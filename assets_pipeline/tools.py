"""Which codecs and external tools this machine has, for `python -m assets_pipeline check`
and for the Django system check that warns before an upload needs a missing one."""

import shutil
from pathlib import Path

TOOLS = {
    "ffmpeg": "video: transcoding, the HLS ladder and posters",
    "ffprobe": "video: validation",
    "node": "3D: glTF-Validator and the optimizers",
    "chromium": "3D: poster images rendered by <model-viewer> (headless)",
}


def available():
    """{"codecs": {name: bool}, "tools": {name: path or None}}."""
    from PIL import features

    codecs = {"avif": features.check("avif"), "webp": features.check("webp")}
    try:
        import pillow_heif  # noqa: F401

        codecs["heic"] = True
    except ImportError:
        codecs["heic"] = False
    tools = {name: shutil.which(name) for name in TOOLS}
    from assets_pipeline.models3d import CHROMIUM

    tools["chromium"] = CHROMIUM if Path(CHROMIUM).is_file() else None
    return {"codecs": codecs, "tools": tools}
