"""Asset pipeline benchmarks (issue 4 §6): image ladders and the video ladder.

Inputs are generated (no downloads): photo-like images with grain, a flat graphic and a
screenshot-like image at 1920 × 1280; a 1080p clip with moving detail and film grain.

- images: bytes of AVIF and WebP against JPEG at equal SSIM (each format at the lowest
  quality reaching the recipe's SSIM target on the same 1280-px derivative), against the
  source, and milliseconds per full 5-width × 3-format ladder (quality search included).
  Anchors: AVIF ≈ 50 % and WebP ≈ 31 % smaller than JPEG; ≤ 1.6 s per ladder.
- video: the whole ladder (MP4 + 360/720/1080p HLS + poster) as a multiple of real time.
  Anchor 0.69× for a 3-rung x264 veryfast ladder on this machine; goal ≥ 1×.
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from assets_pipeline import images, video  # noqa: E402
from assets_pipeline.sniff import sniff_file  # noqa: E402

WIDTH, HEIGHT = 1920, 1280
WEB_SSIM = 0.95  # an ordinary web-quality target, for the codec comparison only


def photo(seed):
    rng = np.random.default_rng(seed)
    x, y = np.linspace(0, 1, WIDTH), np.linspace(0, 1, HEIGHT)
    base = np.outer(np.sin(y * (7 + seed)), np.cos(x * (5 + seed))) * 70 + 120
    detail = np.outer(np.sin(y * 180), np.sin(x * 240)) * 18  # fine texture (fabric, wood)
    pixels = np.stack([base + detail, np.roll(base, 300, 1) - detail, base[::-1]], -1)
    pixels += rng.normal(0, 3, (HEIGHT, WIDTH, 3))
    return Image.fromarray(np.clip(pixels, 0, 255).astype("uint8"))


def screenshot():
    image = Image.new("RGB", (WIDTH, HEIGHT), (246, 247, 249))
    draw = ImageDraw.Draw(image)
    for row in range(40):
        top = 60 + row * 30
        draw.rectangle((80, top, 80 + (row * 137) % 1400 + 200, top + 12), fill=(40, 60, 90))
    draw.rectangle((1500, 80, 1840, 600), fill=(11, 92, 173))
    return image


def bench_images():
    sources = {
        "photo A": photo(1),
        "photo B": photo(2),
        "photo C": photo(3),
        "screenshot": screenshot(),
    }
    recipe = images.ImageRecipe()
    ratios = {"avif": [], "webp": []}
    web_ratios = {"avif": [], "webp": []}
    source_ratio, times, rows = [], [], {}
    with tempfile.TemporaryDirectory() as folder:
        for name, image in sources.items():
            path = Path(folder) / f"{name}.jpg"
            image.save(path, "JPEG", quality=95)
            out = Path(folder) / name.replace(" ", "-")
            out.mkdir()
            started = time.perf_counter()
            derivatives, *_ = images.process(path, sniff_file(path), out, "x", recipe)
            times.append(time.perf_counter() - started)
            # Each format at equal SSIM on the same 1280-px frame (the ladder itself leaves
            # out a modern format that comes out larger than the JPEG).
            frame = images.resized(image, 1280)
            at_1280 = {}
            for fmt in recipe.formats:
                quality = images.lowest_quality(frame, fmt, recipe.ssim_target)
                at_1280[fmt] = (len(images.encode(frame, fmt, quality)), quality)
            for fmt in ("avif", "webp"):
                ratios[fmt].append(at_1280[fmt][0] / at_1280["jpeg"][0])
            # The same comparison at an ordinary web target, where the published anchors
            # were measured: the gap between codecs narrows as the target rises.
            at_web = {}
            for fmt in recipe.formats:
                quality = images.lowest_quality(frame, fmt, WEB_SSIM)
                at_web[fmt] = (len(images.encode(frame, fmt, quality)), quality)
            for fmt in ("avif", "webp"):
                web_ratios[fmt].append(at_web[fmt][0] / at_web["jpeg"][0])
            at_1280 = {"target": at_1280, f"ssim {WEB_SSIM}": at_web}
            total = sum(
                d.bytes for d in derivatives if d.width == 1920 and d.mime_type == "image/avif"
            )
            source_ratio.append(total / path.stat().st_size)
            rows[name] = at_1280
    avif = 1 - float(np.mean(ratios["avif"]))
    webp = 1 - float(np.mean(ratios["webp"]))
    web_avif = 1 - float(np.mean(web_ratios["avif"]))
    web_webp = 1 - float(np.mean(web_ratios["webp"]))
    per_ladder = float(np.mean(times))
    return {
        "name": "images: 1920 × 1280 sources, 5 widths × AVIF/WebP/JPEG at SSIM ≥ 0.98",
        "goal": "AVIF ≈ 50 % and WebP ≈ 31 % smaller than JPEG; ≤ 1.6 s per ladder",
        "result": (
            f"at equal SSIM AVIF {avif:.0%} smaller than JPEG, WebP "
            f"{abs(webp):.0%} {'smaller' if webp >= 0 else 'larger (so left out)'} "
            f"(at SSIM {WEB_SSIM}: AVIF {web_avif:.0%}, WebP {web_webp:.0%} smaller); "
            f"1920-px AVIF {float(np.mean(source_ratio)):.0%} of the source JPEG (q95); "
            f"{per_ladder:.2f} s per ladder (max {max(times):.2f} s)"
        ),
        "passed": per_ladder <= 1.6,
        "details": {"at_1280": rows, "seconds": times},
    }


def bench_video(seconds=30):
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "clip.mp4"
        subprocess.run(  # noqa: S603 (fixed argv)
            [
                video.tool("ffmpeg"),
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=1920x1080:rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=330",
                "-t",
                str(seconds),
                "-vf",
                "noise=alls=12:allf=t",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-crf",
                "18",
                "-c:a",
                "aac",
                str(source),
            ],
            check=True,
        )
        out = Path(folder) / "out"
        out.mkdir()
        started = time.perf_counter()
        derivatives, *_ = video.process(source, "video/mp4", out, "clip", video.VideoRecipe())
        elapsed = time.perf_counter() - started
    speed = seconds / elapsed
    rungs = sorted(d.height for d in derivatives if d.role.startswith("hls-"))
    return {
        "name": f"video: {seconds} s of 1080p25 with grain → MP4 + HLS {'/'.join(map(str, rungs))}p + poster",
        "goal": "≥ 1× real time (anchor 0.69× for a 3-rung x264 veryfast ladder)",
        "result": f"{speed:.2f}× real time ({elapsed:.1f} s)",
        "passed": speed >= 1,
        "details": {"seconds": round(elapsed, 2)},
    }


def _output_textures(glb):
    """{slot: decoded image} of a GLB's first material (the generated models have one)."""
    import io
    import json
    import struct

    data = Path(glb).read_bytes()
    (json_length,) = struct.unpack_from("<I", data, 12)
    gltf = json.loads(data[20 : 20 + json_length])
    start = 20 + json_length + 8
    material = gltf["materials"][0]
    slots = {
        "baseColor": material.get("pbrMetallicRoughness", {}).get("baseColorTexture"),
        "normal": material.get("normalTexture"),
        "orm": material.get("pbrMetallicRoughness", {}).get("metallicRoughnessTexture"),
    }
    found = {}
    for slot, info in slots.items():
        if not info:
            continue
        texture = gltf["textures"][info["index"]]
        source = texture.get("extensions", {}).get("EXT_texture_webp", {}).get("source")
        image = gltf["images"][texture.get("source", source) if source is None else source]
        view = gltf["bufferViews"][image["bufferView"]]
        offset = start + view.get("byteOffset", 0)
        with Image.open(io.BytesIO(data[offset : offset + view["byteLength"]])) as opened:
            found[slot] = opened.convert("RGB")
    return found


def _texture_ssim(sources, glb):
    """The worst texture's SSIM against its source resized to the output size (the same
    measure the pipeline uses: luma for colour, mean of the channels for data)."""
    from assets_pipeline.models3d import texture_score

    worst = None
    for slot, image in _output_textures(glb).items():
        reference = sources[slot].convert("RGB")
        if reference.size != image.size:
            reference = reference.resize(image.size, Image.Resampling.LANCZOS)
        channels = None if slot == "baseColor" else ["R", "G", "B"]
        score = texture_score(reference, image, channels)
        worst = score if worst is None else min(worst, score)
    return worst


SSIM_BAR = 0.95


def _gltf_transform_at_bar(root, source, sources, stem):
    """(GLB, seconds) of gltf-transform's optimize with its textures left alone, then its
    `webp` command at the lowest quality (in steps of 5) whose textures reach SSIM_BAR."""
    cli = str(root / "node_modules/.bin/gltf-transform")
    plain = stem.with_name(stem.name + "-gt-plain.glb")
    started = time.perf_counter()
    command = [cli, "optimize", str(source), str(plain), "--compress", "meshopt"]
    subprocess.run([*command, "--texture-compress", "false"], check=True, capture_output=True)  # noqa: S603
    base = time.perf_counter() - started
    for quality in range(85, 101, 5):
        target = stem.with_name(f"{stem.name}-gt-q{quality}.glb")
        started = time.perf_counter()
        command = [cli, "webp", str(plain), str(target), "--quality", str(quality)]
        subprocess.run(command, check=True, capture_output=True)  # noqa: S603
        seconds = base + time.perf_counter() - started
        if _texture_ssim(sources, target) >= SSIM_BAR or quality == 100:
            return target, seconds
    raise AssertionError("unreachable")


def bench_models():
    """3D models: ours against `gltf-transform optimize --compress meshopt
    --texture-compress webp` and `gltfpack -cc` (both from node_modules, devDependencies).

    Inputs (generated): A, a 200k-triangle bumpy sphere with a 4096² colour texture and a
    4096² normal map; B, a 9k-triangle model with a turntable animation, a 1024² colour
    texture and a 1024² ORM texture. Each output is validated (glTF-Validator errors) and
    compared with the source: worst texture SSIM, and geometric deviation (max distance from
    each triangle vertex to the other surface, both ways, / bounding-box diagonal)."""
    import json
    import shutil

    from assets_pipeline import models3d
    from tests.assets_pipeline.test_models3d import build_glb, png, texture

    root = Path(__file__).resolve().parents[1]
    tools = {
        "gltf-transform": lambda src, dst: [
            str(root / "node_modules/.bin/gltf-transform"),
            "optimize",
            str(src),
            str(dst),
            "--compress",
            "meshopt",
            "--texture-compress",
            "webp",
        ],
        "gltfpack": lambda src, dst: [
            str(root / "node_modules/.bin/gltfpack"),
            "-i",
            str(src),
            "-o",
            str(dst),
            "-cc",
        ],
    }
    models = {
        "A: 200k triangles, 2 × 4096² textures": {
            "rings": 250,
            "segments": 400,
            "textures": {
                "baseColor": texture(4096, seed=1),
                "normal": texture(4096, seed=2, kind="normal"),
            },
        },
        "B: 9k triangles, animation, 2 × 1024² textures": {
            "rings": 48,
            "segments": 96,
            "animation": True,
            "textures": {
                "baseColor": texture(1024, seed=4),
                "orm": texture(1024, seed=5, kind="orm"),
            },
        },
    }
    recipe = models3d.ModelRecipe(poster=False)
    rows = {}
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for name, spec in models.items():
            sources = spec.pop("textures")
            source = folder / f"{name[0]}.glb"
            source.write_bytes(
                build_glb(**spec, textures=[(slot, png(image)) for slot, image in sources.items()])
            )
            row = {"source_bytes": source.stat().st_size}
            out = folder / f"{name[0]}-ours"
            out.mkdir()
            started = time.perf_counter()
            derivatives, report, _warnings = models3d.process(
                source, "model/gltf-binary", out, "m", recipe
            )
            elapsed = time.perf_counter() - started
            glb = out / derivatives[0].path
            started = time.perf_counter()
            models3d.render_poster(glb, out / "poster.webp", models3d.ModelRecipe())
            poster_s = time.perf_counter() - started
            outputs = {"ours": (glb, elapsed)}
            for tool, command in tools.items():
                target = folder / f"{name[0]}-{tool}.glb"
                started = time.perf_counter()
                subprocess.run(command(source, target), check=True, capture_output=True)  # noqa: S603
                outputs[tool] = (target, time.perf_counter() - started)
            # gltf-transform at equal fidelity: its fixed WebP quality can leave a grainy
            # texture under the SSIM bar; the lowest --quality that reaches it is the fair
            # comparison (same geometry steps, textures encoded once from the source).
            if _texture_ssim(sources, outputs["gltf-transform"][0]) < SSIM_BAR:
                outputs["gltf-transform @ SSIM bar"] = _gltf_transform_at_bar(
                    root, source, sources, folder / name[0]
                )
            for tool, (glb, seconds) in outputs.items():
                measured = models3d.run_node(
                    "measure", {"source": str(source), "output": str(glb)}, folder, recipe
                )
                row[tool] = {
                    "bytes": glb.stat().st_size,
                    "ms": round(seconds * 1000),
                    "texture_ssim": round(_texture_ssim(sources, glb), 4),
                    "deviation_max": round(measured["deviation"]["max"], 6),
                    "deviation_p99": round(measured["deviation"]["p99"], 6),
                    "validator_errors": measured["errors"],
                    "triangles": measured["triangles"],
                }
            row["ours"]["poster_ms"] = round(poster_s * 1000)
            row["ours"]["report_texture_ssim"] = report["texture_ssim"]
            row["ratio_vs_gltf_transform"] = round(
                row["ours"]["bytes"] / row["gltf-transform"]["bytes"], 3
            )
            row["ratio_vs_gltfpack"] = round(row["ours"]["bytes"] / row["gltfpack"]["bytes"], 3)
            fair = row.get("gltf-transform @ SSIM bar", row["gltf-transform"])
            row["ratio_at_equal_fidelity"] = round(row["ours"]["bytes"] / fair["bytes"], 3)
            rows[name] = row
            shutil.rmtree(out, ignore_errors=True)
    worst_ratio = max(row["ratio_at_equal_fidelity"] for row in rows.values())
    ours = [row["ours"] for row in rows.values()]
    passed = (
        worst_ratio <= 1.0
        and all(o["texture_ssim"] >= 0.95 for o in ours)
        and all(o["deviation_max"] <= 0.005 for o in ours)
        and all(o["validator_errors"] == 0 for o in ours)
    )
    summary = "; ".join(
        f"{name[0]}: {row['ours']['bytes'] / 1e6:.2f} MB vs gltf-transform "
        f"{row['gltf-transform']['bytes'] / 1e6:.2f} MB ({row['ratio_vs_gltf_transform']:.2f}×), "
        f"gltfpack {row['gltfpack']['bytes'] / 1e6:.2f} MB; SSIM {row['ours']['texture_ssim']} "
        f"(gltf-transform {row['gltf-transform']['texture_ssim']}), at equal fidelity "
        f"{row['ratio_at_equal_fidelity']:.2f}× gltf-transform, deviation "
        f"{row['ours']['deviation_max']:.4%}, {row['ours']['ms'] / 1000:.1f} s + poster "
        f"{row['ours']['poster_ms'] / 1000:.1f} s"
        for name, row in rows.items()
    )
    print(json.dumps(rows, indent=2))  # noqa: T201
    return {
        "name": "3D models: generated GLBs through the pipeline vs gltf-transform and gltfpack",
        "goal": "≤ 1.0× gltf-transform (meshopt + webp) bytes at equal fidelity (its WebP "
        "quality raised until its textures reach the SSIM bar when they do not), texture SSIM "
        "≥ 0.95, "
        "deviation ≤ 0.5 % of the diagonal, 0 validator errors",
        "result": summary,
        "passed": passed,
        "details": rows,
    }


def bench_assets():
    return [bench_images(), bench_video(), bench_models()]


if __name__ == "__main__":
    for result in [bench_models()] if sys.argv[1:] == ["models"] else bench_assets():
        print(result["name"], result["result"])  # noqa: T201
