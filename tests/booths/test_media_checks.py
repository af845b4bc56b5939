"""A missing media tool or codec is a system-check warning, not a crash (issue 4 §1)."""

from booths.checks import check_media_tools


def test_no_warning_when_the_tools_and_codecs_are_there():
    assert check_media_tools(None) == []


def test_a_missing_ffmpeg_or_codec_is_named_in_a_warning(monkeypatch):
    monkeypatch.setattr(
        "assets_pipeline.tools.available",
        lambda: {
            "codecs": {"avif": False, "webp": True, "heic": True},
            "tools": {
                "ffmpeg": None,
                "ffprobe": "/usr/bin/ffprobe",
                "node": None,
                "chromium": None,
            },
        },
    )
    warnings = {message.id: message.msg for message in check_media_tools(None)}
    assert set(warnings) == {"booths.W001", "booths.W002", "booths.W003", "booths.W004"}
    assert "ffmpeg" in warnings["booths.W001"] and "avif" in warnings["booths.W002"]
    assert "3D model uploads" in warnings["booths.W003"]
    assert "poster" in warnings["booths.W004"]
