"""Videos through the asset pipeline (issue 4 §3, §5). Inputs are made with ffmpeg's
test sources in the test, never downloaded."""

import json
import subprocess
import time

import pytest

from assets_pipeline import Rejected, optimize
from assets_pipeline.video import VideoRecipe


def make_video(path, size="640x360", seconds=5, audio=True, extra=()):
    command = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=size={size}:rate=25"]
    if audio:
        command += ["-f", "lavfi", "-i", "sine=frequency=440"]
    command += ["-t", str(seconds), *extra, "-c:v", "libx264", "-preset", "ultrafast"]
    command += ["-c:a", "aac"] if audio else []
    subprocess.run([*command, str(path)], check=True)  # noqa: S603
    return path


def probe(path):
    result = subprocess.run(  # noqa: S603
        ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
        capture_output=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_a_video_becomes_a_fast_start_mp4_an_hls_ladder_and_a_poster(tmp_path):
    source = make_video(tmp_path / "clip.mov", size="1280x720")

    manifest = optimize(source, tmp_path / "out")
    out = tmp_path / "out"

    assert manifest.kind == "video" and manifest.duration == pytest.approx(5, abs=0.2)
    roles = {d.role: d for d in manifest.derivatives}
    assert set(roles) == {"video", "hls", "hls-360p", "hls-720p", "poster"}  # no 1080p upscale
    mp4 = out / roles["video"].path
    data = mp4.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")  # fast start: the index comes first
    streams = {s["codec_type"]: s for s in probe(mp4)["streams"]}
    assert streams["video"]["codec_name"] == "h264" and streams["audio"]["codec_name"] == "aac"
    assert (streams["video"]["width"], streams["video"]["height"]) == (1280, 720)

    master = (out / roles["hls"].path).read_text()
    assert "RESOLUTION=640x360" in master and "RESOLUTION=1280x720" in master
    rung = (out / roles["hls-360p"].path).read_text()
    assert "#EXT-X-PLAYLIST-TYPE:VOD" in rung and "#EXT-X-TARGETDURATION:2" in rung
    assert rung.count("#EXTINF:2.0") == 2  # 2-second segments (5 s: 2 + 2 + 1)
    assert roles["poster"].mime_type == "image/jpeg" and (out / roles["poster"].path).stat().st_size


def test_a_small_video_is_never_upscaled(tmp_path):
    source = make_video(tmp_path / "small.mp4", size="320x180", seconds=2, audio=False)

    manifest = optimize(source, tmp_path / "out")

    heights = {d.height for d in manifest.derivatives if d.role.startswith("hls-")}
    assert heights == {180}
    assert any("soft" in warning for warning in manifest.warnings)


def bad_video(tmp_path, case):
    if case == "hls playlist":
        path = tmp_path / "stream.mp4"
        path.write_text(
            "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://evil.example/a.ts\n"
        )
    elif case == "concat list":
        path = tmp_path / "list.mp4"
        path.write_text("ffconcat version 1.0\nfile '/etc/passwd'\n")
    elif case == "truncated":
        whole = make_video(tmp_path / "whole.mp4", seconds=3)
        path = tmp_path / "cut.mp4"
        path.write_bytes(whole.read_bytes()[:3000])
    elif case == "too many streams":
        path = make_video(
            tmp_path / "many.mkv",
            seconds=1,
            extra=["-map", "0:v", "-map", "1:a", "-map", "1:a", "-map", "1:a"],
        )
    return path


CODES = {
    "hls playlist": "not_a_video",
    "concat list": "not_a_video",
    "truncated": "damaged",
    "too many streams": "too_many_streams",
}


@pytest.mark.parametrize("case", sorted(CODES))
def test_bad_video_is_refused_quickly_and_leaves_nothing(tmp_path, case):
    source = bad_video(tmp_path, case)
    started = time.monotonic()

    with pytest.raises(Rejected) as refused:
        optimize(source, tmp_path / "out", kind="video", recipe=VideoRecipe(max_streams=3))

    assert refused.value.code == CODES[case], str(refused.value)
    assert time.monotonic() - started < 5
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert not list(tmp_path.glob(".assets-*"))


def test_a_video_longer_than_the_limit_is_refused(tmp_path):
    source = make_video(tmp_path / "long.mp4", seconds=3, audio=False)
    with pytest.raises(Rejected) as refused:
        optimize(source, tmp_path / "out", recipe=VideoRecipe(max_seconds=2))
    assert refused.value.code == "too_long"
