"""Images through the asset pipeline (issue 4 §1, §2, §5; SPEC 5.3.4, 6.1.2).

Every input is generated here (Pillow, numpy), never downloaded.
"""

import io
import json
import struct
import time
import zlib

import numpy as np
import pytest
from PIL import Image

from assets_pipeline import Rejected, optimize
from assets_pipeline.__main__ import main
from assets_pipeline.images import ImageRecipe
from assets_pipeline.quality import ssim


def photo(width=1200, height=800, seed=1, grain=4):
    """A photo-like image: smooth shapes plus a little grain."""
    rng = np.random.default_rng(seed)
    x, y = np.linspace(0, 1, width), np.linspace(0, 1, height)
    base = np.outer(np.sin(y * 9), np.cos(x * 7)) * 80 + 128
    pixels = np.stack([base, np.roll(base, width // 8, 1), base[::-1]], -1)
    pixels = pixels + rng.normal(0, grain, (height, width, 3))
    return Image.fromarray(np.clip(pixels, 0, 255).astype("uint8"))


def save(image, path, fmt="JPEG", **options):
    image.save(path, fmt, **options)
    return path


def opened(folder, derivative):
    with Image.open(folder / derivative.path) as image:
        image.load()
        return image


def test_a_photo_becomes_a_ladder_of_avif_webp_and_jpeg_never_upscaled(tmp_path):
    source = save(photo(1200, 800), tmp_path / "photo.jpg", quality=95)

    manifest = optimize(source, tmp_path / "out")

    widths = sorted({d.width for d in manifest.derivatives})
    assert widths == [320, 640, 960, 1200]  # 1280 and 1920 would be upscales
    for width in widths:
        at = {d.mime_type: d for d in manifest.derivatives if d.width == width}
        assert {"image/avif", "image/jpeg"} <= set(at)
        for modern in ("image/avif", "image/webp"):  # present only where it saves bytes
            assert modern not in at or at[modern].bytes < at["image/jpeg"].bytes
    assert (manifest.width, manifest.height) == (1200, 800)
    for derivative in manifest.derivatives:
        image = opened(tmp_path / "out", derivative)
        assert image.size == (derivative.width, derivative.height)
        assert derivative.height == round(800 * derivative.width / 1200)
    assert manifest.placeholder["data_uri"].startswith("data:image/webp;base64,")
    assert manifest.placeholder["color"].startswith("#")
    saved = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert saved["source_type"] == "image/jpeg"
    assert len(saved["derivatives"]) == len(manifest.derivatives) >= 8


def test_a_modern_format_larger_than_the_jpeg_is_left_out(tmp_path):
    grainy = save(photo(900, 600, seed=4, grain=4), tmp_path / "grain.png", "PNG")
    flat = save(Image.new("RGB", (900, 600), (30, 90, 160)), tmp_path / "flat.png", "PNG")

    grainy_large = {
        d.mime_type for d in optimize(grainy, tmp_path / "g").derivatives if d.width >= 640
    }
    flat_types = {d.mime_type for d in optimize(flat, tmp_path / "f").derivatives}

    assert grainy_large == {"image/avif", "image/jpeg"}  # WebP cannot reach SSIM 0.98 cheaply
    assert flat_types == {"image/avif", "image/webp", "image/jpeg"}


def test_quality_is_picked_per_image_to_reach_the_ssim_target(tmp_path):
    busy = save(photo(800, 600, seed=2, grain=2), tmp_path / "busy.png", "PNG")
    flat = save(Image.new("RGB", (800, 600), (30, 90, 160)), tmp_path / "flat.png", "PNG")

    busy_manifest = optimize(busy, tmp_path / "busy")
    flat_manifest = optimize(flat, tmp_path / "flat")

    def jpeg_640(manifest):
        return next(
            d for d in manifest.derivatives if d.width == 640 and d.mime_type == "image/jpeg"
        )

    chosen = jpeg_640(busy_manifest)
    assert jpeg_640(flat_manifest).quality < chosen.quality < 95  # below the range's top
    with Image.open(busy) as original:
        reference = original.convert("RGB").resize((640, 480), Image.Resampling.LANCZOS)
    assert ssim(reference, opened(tmp_path / "busy", chosen).convert("RGB")) >= 0.98


def test_exif_orientation_is_applied_and_every_piece_of_metadata_is_stripped(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0)}  # GPS: Shanghai
    source = save(photo(800, 400), tmp_path / "sideways.jpg", exif=exif.tobytes())

    manifest = optimize(source, tmp_path / "out")

    assert (manifest.width, manifest.height) == (400, 800)  # upright
    for derivative in manifest.derivatives:
        data = (tmp_path / "out" / derivative.path).read_bytes()
        image = opened(tmp_path / "out", derivative)
        assert not image.getexif(), derivative.path
        assert b"PhoneMaker" not in data and b"Exif" not in data
        assert "icc_profile" not in image.info


def test_the_same_file_is_processed_once_whatever_its_name(tmp_path, monkeypatch):
    from assets_pipeline import images

    first = save(photo(700, 500), tmp_path / "a.jpg")
    second = tmp_path / "copy with another name.jpg"
    second.write_bytes(first.read_bytes())
    optimize(first, tmp_path / "out-a", cache_dir=tmp_path / "cache")

    def fail(*args, **kwargs):
        raise AssertionError("processed again")

    monkeypatch.setattr(images, "process", fail)
    manifest = optimize(second, tmp_path / "out-b", cache_dir=tmp_path / "cache")

    assert sorted(p.name for p in (tmp_path / "out-b").iterdir()) == sorted(
        [d.path for d in manifest.derivatives] + ["manifest.json"]
    )


def test_a_changed_recipe_is_a_new_cache_entry(tmp_path):
    source = save(photo(700, 500), tmp_path / "a.jpg")
    one = optimize(source, tmp_path / "one", cache_dir=tmp_path / "cache")
    two = optimize(
        source, tmp_path / "two", recipe=ImageRecipe(widths=(320,)), cache_dir=tmp_path / "cache"
    )
    assert one.recipe != two.recipe
    assert {d.width for d in two.derivatives} == {320}


# --- bad input: refused clearly, quickly, and nothing left behind ---------------------------


def png_header_only(width, height):
    """A PNG that declares huge dimensions (a pixel bomb) with a tiny body."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    body = zlib.compress(b"\x00" * 64)
    idat = (
        struct.pack(">I", len(body))
        + b"IDAT"
        + body
        + struct.pack(">I", zlib.crc32(b"IDAT" + body))
    )
    return b"\x89PNG\r\n\x1a\n" + ihdr + idat + b"\x00\x00\x00\x00IEND\xaeB`\x82"


def gif_frame_bomb(frames=2000, size=(4000, 4000)):
    buffer = io.BytesIO()
    first = Image.new("P", size)
    first.save(buffer, "GIF", save_all=True, append_images=[first] * (frames - 1), duration=10)
    return buffer.getvalue()


BAD_INPUTS = {
    "pixel bomb": ("bomb.png", lambda: png_header_only(100_000, 100_000), "too_many_pixels"),
    "truncated": ("cut.jpg", lambda: _jpeg_bytes()[:2000], "damaged"),
    "html named .jpg": (
        "page.jpg",
        lambda: b"<!DOCTYPE html><script>alert(1)</script>",
        "not_an_image",
    ),
    "svg with script": (
        "logo.svg",
        lambda: (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
            b'<image href="https://evil.example/x.png"/></svg>'
        ),
        "svg",
    ),
    "polyglot": ("poly.jpg", lambda: b"GIF89a/*" + b"\x00" * 32 + b"*/=alert(1)//", "damaged"),
    "empty": ("empty.png", lambda: b"", "empty"),
    "playlist": (
        "video.jpg",
        lambda: b"#EXTM3U\n#EXTINF:10,\nhttp://evil.example/a.ts\n",
        "not_an_image",
    ),
}


def _jpeg_bytes():
    buffer = io.BytesIO()
    photo(600, 400).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_refused_quickly_with_a_reason_and_leaves_nothing(tmp_path, case):
    name, make, code = BAD_INPUTS[case]
    source = tmp_path / name
    source.write_bytes(make())
    out = tmp_path / "out"

    started = time.monotonic()
    with pytest.raises(Rejected) as refused:
        optimize(source, out, kind="image", cache_dir=tmp_path / "cache")

    assert refused.value.code == code
    assert str(refused.value)
    assert time.monotonic() - started < 5
    assert not out.exists() or not any(out.iterdir())
    cache = tmp_path / "cache"
    assert not cache.exists() or not any(p.is_file() for p in cache.rglob("*"))


def test_an_animated_frame_bomb_is_read_as_its_first_frame_only(tmp_path):
    source = tmp_path / "frames.gif"
    source.write_bytes(gif_frame_bomb(frames=300, size=(2000, 2000)))

    started = time.monotonic()
    manifest = optimize(source, tmp_path / "out", recipe=ImageRecipe(formats=("webp",)))

    assert time.monotonic() - started < 5
    assert (manifest.width, manifest.height) == (2000, 2000)


# --- the command line -----------------------------------------------------------------------


def test_the_cli_prints_the_manifest_and_exits_non_zero_with_the_reason(tmp_path, capsys):
    source = save(photo(500, 300), tmp_path / "a.png", "PNG")
    assert main(["optimize", str(source), "--out", str(tmp_path / "out"), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["kind"] == "image" and printed["derivatives"]
    assert {"path", "mime_type", "width", "height", "bytes", "sha256"} <= set(
        printed["derivatives"][0]
    )

    bad = tmp_path / "x.jpg"
    bad.write_bytes(b"<html>not an image</html>")
    assert main(["optimize", str(bad), "--out", str(tmp_path / "bad")]) == 2
    assert "refused (not_an_image)" in capsys.readouterr().err


def test_check_reports_the_codecs_and_tools(capsys):
    assert main(["check"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["codecs"]["avif"] and report["codecs"]["webp"]
    assert set(report["tools"]) == {"ffmpeg", "ffprobe", "node", "chromium"}
