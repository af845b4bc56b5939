"""Which codecs and external tools this machine has, for `python -m assets_pipeline check`
and for the Django system check that warns before an upload needs a missing one."""

import shutil

TOOLS = {
    "ffmpeg": "video: transcoding, the HLS ladder and posters",
    "ffprobe": "video: validation",
    "node": "3D: glTF-Validator and the optimizers",
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
    return {"codecs": codecs, "tools": {name: shutil.which(name) for name in TOOLS}}
