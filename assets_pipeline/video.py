"""Videos: probed safely, then an MP4 with fast start, an HLS VOD ladder and a poster.

Only local files are read: ffprobe and ffmpeg run with `-protocol_whitelist file`, and
playlists (HLS, ffconcat) are refused by content before any tool sees them, so that an
upload cannot make the server fetch a URL or read another file. Limits on size, duration,
streams and resolution come from the recipe (settings in the Wagtail integration), and
every tool call has a timeout.
"""

import hashlib
import json
import math
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from assets_pipeline.errors import Rejected
from assets_pipeline.manifest import Derivative

VIDEO_TYPES = {"video/mp4", "video/quicktime", "video/webm"}
LOCAL_ONLY = ["-protocol_whitelist", "file"]


@dataclass(frozen=True)
class VideoRecipe:
    rungs: tuple = ((360, 800), (720, 2800), (1080, 5000))  # (height, video kbit/s)
    mp4_height: int = 720  # the progressive MP4 for browsers without HLS
    segment_seconds: int = 2
    audio_kbps: int = 128
    preset: str = "veryfast"
    # Rungs from this height up are encoded with `high_rung_preset`: they carry the most
    # bits, so a faster preset costs them least (SSIM -0.007 at 1080p/5 Mbit/s on the
    # benchmark's grain) and saves most (the 1080p rung is half the work: 32 -> 27 s for
    # the 30-s benchmark ladder on 2 cores).
    high_rung_height: int = 1080
    high_rung_preset: str = "superfast"
    max_bytes: int = 500 * 1024 * 1024
    max_seconds: int = 30 * 60
    max_streams: int = 8
    max_width: int = 4096
    max_height: int = 2160
    probe_timeout: int = 15
    encode_timeout: int = 3600
    version: int = 1

    def fingerprint(self):
        text = repr(sorted(asdict(self).items()))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def tool(name):
    path = shutil.which(name)
    if path is None:
        raise Rejected("tool_missing", "%(tool)s is not installed on the server.", tool=name)
    return path


def probe(path, source_type, recipe):
    """ffprobe's view of the file: (width, height, seconds, has_audio), or Rejected."""
    if source_type not in VIDEO_TYPES:
        raise Rejected("not_a_video", "This file is not a video we can read (MP4, MOV or WebM).")
    command = [tool("ffprobe"), "-v", "error", *LOCAL_ONLY]
    command += ["-show_format", "-show_streams", "-of", "json", "--", str(path)]
    try:
        result = subprocess.run(  # noqa: S603 (fixed argv, no shell)
            command, capture_output=True, timeout=recipe.probe_timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise Rejected("probe_timeout", "The video took too long to read.") from None
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise Rejected(
            "damaged", "The video file is damaged or incomplete (%(reason)s).", reason=reason[0]
        )
    info = json.loads(result.stdout or b"{}")
    streams = info.get("streams", [])
    if len(streams) > recipe.max_streams:
        raise Rejected(
            "too_many_streams",
            "The video has %(count)s streams; the limit is %(limit)s.",
            count=len(streams),
            limit=recipe.max_streams,
        )
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    if video is None or not video.get("width"):
        raise Rejected("no_video", "The file has no picture.")
    width, height = int(video["width"]), int(video["height"])
    if width > recipe.max_width or height > recipe.max_height:
        raise Rejected(
            "too_large_picture",
            "The picture is %(width)s × %(height)s; the limit is %(max_width)s × %(max_height)s.",
            width=width,
            height=height,
            max_width=recipe.max_width,
            max_height=recipe.max_height,
        )
    try:
        seconds = float(info.get("format", {}).get("duration") or video.get("duration"))
    except (TypeError, ValueError):
        raise Rejected("damaged", "The video file has no duration.") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise Rejected("damaged", "The video file has no duration.")
    if seconds > recipe.max_seconds:
        raise Rejected(
            "too_long",
            "The video lasts %(minutes)s minutes; the limit is %(limit)s.",
            minutes=round(seconds / 60, 1),
            limit=recipe.max_seconds // 60,
        )
    has_audio = any(s.get("codec_type") == "audio" for s in streams)
    return width, height, seconds, has_audio


def ladder(height, recipe):
    """The rungs not above the source's height (the source's own when it is below all)."""
    rungs = [(h, rate) for h, rate in recipe.rungs if h <= height]
    return rungs or [(height - height % 2, recipe.rungs[0][1])]


def run(command, recipe):
    try:
        result = subprocess.run(  # noqa: S603 (fixed argv, no shell)
            command, capture_output=True, timeout=recipe.encode_timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise Rejected("encode_timeout", "The video took too long to convert.") from None
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise Rejected(
            "encode_failed", "The video could not be converted (%(reason)s).", reason=reason[0]
        )


def keyframes(recipe):
    return ["-force_key_frames", f"expr:gte(t,n_forced*{recipe.segment_seconds})"]


def process(path, source_type, out_dir, stem, recipe):
    """Write the MP4, the HLS ladder and the poster into `out_dir`; returns (derivatives,
    width, height, seconds, warnings)."""
    width, height, seconds, has_audio = probe(path, source_type, recipe)
    out_dir = Path(out_dir)
    ffmpeg = [tool("ffmpeg"), "-nostdin", "-v", "error", "-y", *LOCAL_ONLY, "-i", str(path)]
    audio = ["-c:a", "aac", "-b:a", f"{recipe.audio_kbps}k", "-ac", "2"] if has_audio else []
    h264 = ["-c:v", "libx264", "-preset", recipe.preset, "-pix_fmt", "yuv420p"]

    # The HLS ladder in one pass: every rung from one decode, 2-second key frames.
    rungs = ladder(height, recipe)
    split = f"[0:v]split={len(rungs)}" + "".join(f"[s{i}]" for i in range(len(rungs)))
    scales = ";".join(
        f"[s{i}]null[v{i}]" if h == height else f"[s{i}]scale=-2:{h}[v{i}]"
        for i, (h, _rate) in enumerate(rungs)
    )
    command = [*ffmpeg, "-filter_complex", f"{split};{scales}"]
    stream_map = []
    for index, (_h, rate) in enumerate(rungs):
        command += ["-map", f"[v{index}]"]
        command += [f"-b:v:{index}", f"{rate}k", f"-maxrate:v:{index}", f"{int(rate * 1.07)}k"]
        command += [f"-bufsize:v:{index}", f"{int(rate * 1.5)}k"]
        if has_audio:
            command += ["-map", "0:a:0"]
        stream_map.append(f"v:{index},a:{index}" if has_audio else f"v:{index}")
    command += [*h264, *keyframes(recipe), "-sc_threshold", "0", *audio]
    for index, (rung_height, _rate) in enumerate(rungs):  # after -preset: the last one wins
        if rung_height >= recipe.high_rung_height:
            command += [f"-preset:v:{index}", recipe.high_rung_preset]
    command += ["-f", "hls", "-hls_time", str(recipe.segment_seconds)]
    command += ["-hls_playlist_type", "vod", "-hls_flags", "independent_segments"]
    command += ["-hls_segment_filename", str(out_dir / "hls" / "%v" / "segment-%03d.ts")]
    command += ["-master_pl_name", "index.m3u8", "-var_stream_map", " ".join(stream_map)]
    command += [str(out_dir / "hls" / "%v" / "index.m3u8")]
    for index in range(len(rungs)):
        (out_dir / "hls" / str(index)).mkdir(parents=True, exist_ok=True)
    run(command, recipe)
    master = out_dir / "hls" / "%v" / "index.m3u8"  # ffmpeg writes the master beside it
    if master.exists():
        master.rename(out_dir / "hls" / "index.m3u8")
        master.parent.rmdir()

    # The progressive MP4 (browsers without HLS, downloads): the 720p rung's own
    # segments put into one file with its index first (fast start), not a second encode.
    rung_heights = [h for h, _rate in rungs]
    mp4_height = max(h for h in rung_heights if h <= max(recipe.mp4_height, rung_heights[0]))
    mp4_rung = rung_heights.index(mp4_height)
    mp4 = out_dir / f"{stem}.mp4"
    command = [tool("ffmpeg"), "-nostdin", "-v", "error", "-y", *LOCAL_ONLY]
    command += ["-i", str(out_dir / "hls" / str(mp4_rung) / "index.m3u8"), "-c", "copy"]
    command += ["-bsf:a", "aac_adtstoasc"] if has_audio else []
    run([*command, "-movflags", "+faststart", str(mp4)], recipe)

    # The poster: a frame a tenth of the way in (past black openings and fades).
    poster = out_dir / f"{stem}-poster.jpg"
    at = f"{min(seconds * 0.1, max(seconds - 0.1, 0)):.3f}"
    command = [tool("ffmpeg"), "-nostdin", "-v", "error", "-y", *LOCAL_ONLY, "-ss", at]
    command += ["-i", str(path), "-frames:v", "1", "-vf", f"scale=-2:{mp4_height}", "-q:v", "3"]
    run([*command, str(poster)], recipe)

    derivatives = [
        _derivative(
            out_dir,
            mp4,
            "video/mp4",
            "video",
            width_for(width, height, mp4_height),
            mp4_height,
            seconds,
        ),
        _derivative(
            out_dir,
            out_dir / "hls" / "index.m3u8",
            "application/vnd.apple.mpegurl",
            "hls",
            None,
            None,
            seconds,
        ),
    ]
    for index, (rung_height, _rate) in enumerate(rungs):
        playlist = out_dir / "hls" / str(index) / "index.m3u8"
        derivatives.append(
            _derivative(
                out_dir,
                playlist,
                "application/vnd.apple.mpegurl",
                f"hls-{rung_height}p",
                width_for(width, height, rung_height),
                rung_height,
                seconds,
            )
        )
    derivatives.append(
        _derivative(
            out_dir,
            poster,
            "image/jpeg",
            "poster",
            width_for(width, height, mp4_height),
            mp4_height,
            None,
        )
    )
    warnings = []
    if height < recipe.rungs[1][0]:
        warnings.append(f"The video is only {height} px high; it will look soft full screen.")
    return derivatives, width, height, seconds, warnings


def width_for(width, height, new_height):
    scaled = round(width * new_height / height)
    return scaled - scaled % 2


def _derivative(out_dir, path, mime, role, width, height, seconds):
    data = path.read_bytes()
    return Derivative(
        path=str(path.relative_to(out_dir)),
        mime_type=mime,
        bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        width=width,
        height=height,
        duration=round(seconds, 3) if seconds else None,
        role=role,
    )
