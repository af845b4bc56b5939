"""The whole bad-input corpus is refused in bounded memory (issue 4 §5: "in bounded time
and memory, for example under 5 s and 500 MB").

Each module's corpus test checks the code, the time and that nothing is left behind; this
one feeds every case to one fresh Python process through the CLI's code path and reads
the peak resident memory of that process and of the tools it started (ffprobe, Node), so
a refusal that first decoded a pixel bomb or inflated a zip bomb would show here.
"""

import json
import shutil
import subprocess
import sys
import time

import pytest

from assets_pipeline import Rejected, optimize
from tests.assets_pipeline import test_images, test_models3d, test_video

LIMIT_MB = 500

SCRIPT = r"""
import json, resource, sys, time
from pathlib import Path
from assets_pipeline import Rejected, optimize

results = {}
for line in sys.stdin:
    path, kind = json.loads(line)
    started = time.monotonic()
    try:
        optimize(path, Path(path).with_suffix(".out"), kind=kind)
        results[path] = ["accepted", 0]
    except Rejected as refusal:
        results[path] = [refusal.code, time.monotonic() - started]
peak = max(
    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
)
print(json.dumps({"results": results, "peak_kb": peak}))
"""


def many_streams(path, count):
    command = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=5"]
    command += ["-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "0.2", "-map", "0:v"]
    command += ["-map", "1:a"] * count + ["-c:v", "libx264", "-c:a", "pcm_s16le", str(path)]
    subprocess.run(command, check=True)
    return path


def corpus(tmp_path):
    """(path, kind, expected code) of every bad input the pipeline's tests generate."""
    cases = []
    for number, (name, make, code) in enumerate(test_images.BAD_INPUTS.values()):
        path = tmp_path / f"image-{number}-{name}"
        path.write_bytes(make())
        cases.append((path, "image", code))
    for number, (make, code) in enumerate(test_models3d.BAD_INPUTS.values()):
        path = tmp_path / f"model-{number}.bin"
        path.write_bytes(make())
        cases.append((path, "model", code))
    if shutil.which("ffmpeg"):
        for number, (case, code) in enumerate(test_video.CODES.items()):
            if case == "too many streams":
                continue  # needs a stricter recipe than the CLI's: see the test below
            folder = tmp_path / f"video-{number}"
            folder.mkdir()
            cases.append((test_video.bad_video(folder, case), "video", code))
        cases.append((many_streams(tmp_path / "streams.mkv", 990), "video", "too_many_streams"))
    return cases


@pytest.mark.slow
def test_every_bad_input_is_refused_in_bounded_memory_and_time(tmp_path):
    cases = corpus(tmp_path)
    lines = "".join(json.dumps([str(path), kind]) + "\n" for path, kind, _code in cases)

    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], input=lines, capture_output=True, text=True, check=True
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])

    for path, _kind, code in cases:
        got, seconds = report["results"][str(path)]
        assert got == code, (path.name, got)
        assert seconds < 5, (path.name, seconds)
    assert report["peak_kb"] / 1024 < LIMIT_MB, report["peak_kb"]


@pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg is not installed")
def test_a_container_with_a_thousand_streams_is_refused_from_its_header(tmp_path):
    source = many_streams(tmp_path / "many.mkv", 990)

    started = time.monotonic()
    with pytest.raises(Rejected) as refused:
        optimize(source, tmp_path / "out", kind="video")

    assert refused.value.code == "too_many_streams"
    assert refused.value.params["count"] == 991
    assert time.monotonic() - started < 5
    assert not (tmp_path / "out").exists()
