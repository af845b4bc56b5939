"""3D models through the asset pipeline (issue 4 §4, §5; SPEC 5.3.4, 6.1.2).

Every input is generated here (numpy, Pillow, trimesh), never downloaded. The textured,
animated model is processed once per module; the bad-input corpus runs without a poster.
"""

import io
import json
import struct
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from assets_pipeline import Manifest, Rejected, models3d, optimize
from assets_pipeline.models3d import ModelRecipe, run_node
from assets_pipeline.sniff import sniff_file

needs_chromium = pytest.mark.skipif(
    not Path(models3d.CHROMIUM).is_file(), reason="Chromium is not installed"
)
NO_POSTER = ModelRecipe(poster=False)

# --- generated models ------------------------------------------------------------------------


def uv_sphere(rings=32, segments=64, bumps=0.05):
    """Positions, normals, texture coordinates and triangles of a bumpy sphere."""
    theta = np.linspace(0, np.pi, rings + 1)
    phi = np.linspace(0, 2 * np.pi, segments + 1)
    t, p = np.meshgrid(theta, phi, indexing="ij")
    r = 1 + bumps * np.sin(t * 9) * np.cos(p * 7)
    pos = np.stack([r * np.sin(t) * np.cos(p), r * np.cos(t), r * np.sin(t) * np.sin(p)], -1)
    normals = pos / np.linalg.norm(pos, axis=-1, keepdims=True).clip(1e-9)
    uv = np.stack([p / (2 * np.pi), t / np.pi], -1)
    grid = np.arange((rings + 1) * (segments + 1)).reshape(rings + 1, segments + 1)
    a, b, c, d = grid[:-1, :-1], grid[1:, :-1], grid[1:, 1:], grid[:-1, 1:]
    triangles = np.concatenate([np.stack([a, c, b], -1), np.stack([a, d, c], -1)]).reshape(-1, 3)
    return (
        pos.reshape(-1, 3).astype("f4"),
        normals.reshape(-1, 3).astype("f4"),
        uv.reshape(-1, 2).astype("f4"),
        triangles.astype("u4"),
    )


def texture(width, height=None, seed=0, kind="color"):
    """A texture with smooth shapes, fine detail and a little noise (normal: a bump map)."""
    height = height or width
    rng = np.random.default_rng(seed)
    x, y = np.linspace(0, 1, width), np.linspace(0, 1, height)
    if kind == "normal":
        nx = np.outer(np.ones(height), np.sin(x * 60)) * 0.35
        ny = np.outer(np.cos(y * 45), np.ones(width)) * 0.35
        nz = np.sqrt(1 - nx**2 - ny**2)
        pixels = np.stack([nx, ny, nz], -1) * 127.5 + 127.5 + rng.normal(0, 1, (height, width, 3))
    elif kind == "orm":  # occlusion, roughness, metalness: smooth data, a little noise
        occlusion = np.outer(np.sin(y * 5), np.cos(x * 3)) * 40 + 200
        roughness = np.outer(np.ones(height), np.sin(x * 25)) * 60 + 150
        metal = np.where(np.outer(np.sin(y * 8), np.sin(x * 8)) > 0.3, 230.0, 20.0)
        pixels = np.stack([occlusion, roughness, metal], -1) + rng.normal(0, 1, (height, width, 3))
    else:
        base = np.outer(np.sin(y * 11 + seed), np.cos(x * 7)) * 70 + 128
        detail = np.outer(np.sin(y * 300), np.sin(x * 260)) * 20
        pixels = np.stack([base + detail, np.roll(base, width // 5, 1) - detail, base[::-1]], -1)
        pixels += rng.normal(0, 3, (height, width, 3))
    return Image.fromarray(np.clip(pixels, 0, 255).astype("u1"))


def png(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def build_gltf(rings=32, segments=64, textures=(), animation=False):
    """(glTF JSON, binary buffer) of a sphere with the given (slot, PNG bytes) textures."""
    pos, normals, uv, triangles = uv_sphere(rings, segments)
    blobs, views, accessors = [], [], []

    def add(data, target=None, **accessor):
        data = data if isinstance(data, bytes) else data.tobytes()
        view = {"buffer": 0, "byteOffset": sum(len(b) for b in blobs), "byteLength": len(data)}
        blobs.append(data + b"\0" * (-len(data) % 4))
        if target:
            view["target"] = target
        views.append(view)
        if not accessor:
            return len(views) - 1
        accessors.append({"bufferView": len(views) - 1, **accessor})
        return len(accessors) - 1

    vec3 = {"componentType": 5126, "count": len(pos), "type": "VEC3"}
    attributes = {
        "POSITION": add(pos, 34962, **vec3, min=pos.min(0).tolist(), max=pos.max(0).tolist()),
        "NORMAL": add(normals, 34962, **vec3),
        "TEXCOORD_0": add(uv, 34962, componentType=5126, count=len(uv), type="VEC2"),
    }
    indices = add(
        triangles.reshape(-1), 34963, componentType=5125, count=triangles.size, type="SCALAR"
    )
    material = {"pbrMetallicRoughness": {"metallicFactor": 0.1, "roughnessFactor": 0.8}}
    gltf = {
        "asset": {"version": "2.0", "generator": "test_models3d"},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0, "name": "exhibit"}],
        "meshes": [{"primitives": [{"attributes": attributes, "indices": indices, "material": 0}]}],
        "materials": [material],
    }
    if textures:
        gltf["images"], gltf["textures"], gltf["samplers"] = [], [], [{}]
        for slot, data in textures:
            gltf["images"].append({"bufferView": add(data), "mimeType": "image/png"})
            gltf["textures"].append({"source": len(gltf["images"]) - 1, "sampler": 0})
            info = {"index": len(gltf["textures"]) - 1}
            if slot == "baseColor":
                material["pbrMetallicRoughness"]["baseColorTexture"] = info
            elif slot == "normal":
                material["normalTexture"] = info
            else:  # occlusion, roughness, metalness packed (ORM)
                material["pbrMetallicRoughness"]["metallicRoughnessTexture"] = info
                material["occlusionTexture"] = dict(info)
    if animation:
        angles = np.linspace(0, np.pi, 9)
        zero = np.zeros(9)
        rotation = np.stack([zero, np.sin(angles / 2), zero, np.cos(angles / 2)], -1)
        times = add(
            np.linspace(0, 2, 9).astype("f4"),
            componentType=5126,
            count=9,
            type="SCALAR",
            min=[0.0],
            max=[2.0],
        )
        values = add(rotation.astype("f4"), componentType=5126, count=9, type="VEC4")
        gltf["animations"] = [
            {
                "name": "turntable",
                "samplers": [{"input": times, "output": values, "interpolation": "LINEAR"}],
                "channels": [{"sampler": 0, "target": {"node": 0, "path": "rotation"}}],
            }
        ]
    binary = b"".join(blobs)
    gltf["buffers"] = [{"byteLength": len(binary)}]
    gltf["bufferViews"], gltf["accessors"] = views, accessors
    return gltf, binary


def glb_bytes(gltf, binary=b""):
    text = json.dumps(gltf, allow_nan=True).encode()
    text += b" " * (-len(text) % 4)
    binary += b"\0" * (-len(binary) % 4)
    chunks = struct.pack("<I4s", len(text), b"JSON") + text
    if binary:
        chunks += struct.pack("<I4s", len(binary), b"BIN\x00") + binary
    return struct.pack("<4sII", b"glTF", 2, 12 + len(chunks)) + chunks


def build_glb(mutate=None, **options):
    gltf, binary = build_gltf(**options)
    if mutate:
        mutate(gltf)
    return glb_bytes(gltf, binary)


def read_glb_json(path):
    data = Path(path).read_bytes()
    (length,) = struct.unpack_from("<I", data, 12)
    return json.loads(data[20 : 20 + length])


def glb_images(path):
    """The decoded images of a GLB (bufferView images), in order."""
    data = Path(path).read_bytes()
    gltf = read_glb_json(path)
    (json_length,) = struct.unpack_from("<I", data, 12)
    start = 20 + json_length + 8
    found = []
    for image in gltf.get("images", []):
        view = gltf["bufferViews"][image["bufferView"]]
        offset = start + view.get("byteOffset", 0)
        with Image.open(io.BytesIO(data[offset : offset + view["byteLength"]])) as opened:
            opened.load()
            found.append(opened.copy())
    return found


def validate(path, tmp_path):
    return run_node("validate", {"input": str(path)}, tmp_path, ModelRecipe())


# --- the textured, animated model ---------------------------------------------------------------


@pytest.fixture(scope="module")
def exhibit(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exhibit")
    orm = texture(2560, 1280, seed=3, kind="orm")  # over 2048: resized
    source = folder / "exhibit.glb"
    source.write_bytes(
        build_glb(
            rings=96,
            segments=192,
            animation=True,
            textures=[
                ("baseColor", png(texture(1024, seed=1))),
                ("normal", png(texture(1024, seed=2, kind="normal"))),
                ("orm", png(orm)),
            ],
        )
    )
    started = time.monotonic()
    manifest = optimize(source, folder / "out")
    return source, folder / "out", manifest, time.monotonic() - started


def test_a_textured_glb_becomes_a_smaller_valid_glb_with_a_report(exhibit, tmp_path):
    source, out, manifest, _seconds = exhibit

    assert manifest.kind == "model" and manifest.source_type == "model/gltf-binary"
    model = next(d for d in manifest.derivatives if d.role == "model")
    assert model.mime_type == "model/gltf-binary"
    assert (out / model.path).stat().st_size == model.bytes < source.stat().st_size / 3
    report = manifest.report
    assert report["validator"]["errors"] == 0
    assert validate(out / model.path, tmp_path)["errors"] == 0  # checked independently too
    assert report["source"]["triangles"] == 96 * 192 * 2
    assert 0 < report["output"]["triangles"] <= report["source"]["triangles"]
    assert report["output"]["textures"] == 3
    assert report["output"]["bytes"] == model.bytes
    assert report["source"]["bytes"] == source.stat().st_size
    assert report["output"]["texture_memory"] > 0
    assert {"EXT_meshopt_compression", "EXT_texture_webp"} <= set(report["output"]["extensions"])
    assert report["deviation"]["max"] <= 0.005 and report["deviation"]["samples"] > 1000
    assert report["texture_ssim"] >= 0.95
    assert manifest.warnings == []
    saved = Manifest.from_dict(json.loads((out / "manifest.json").read_text()))
    assert saved.report == report


def test_textures_are_webp_at_most_2048_px_and_reach_the_ssim_target(exhibit):
    _source, out, manifest, _seconds = exhibit
    model = next(d for d in manifest.derivatives if d.role == "model")
    gltf = read_glb_json(out / model.path)
    assert {image["mimeType"] for image in gltf["images"]} == {"image/webp"}
    sizes = sorted(image.size for image in glb_images(out / model.path))
    assert sizes == [(1024, 1024), (1024, 1024), (2048, 1024)]
    for entry in manifest.report["textures"]:
        assert entry["ssim"] >= 0.95 and entry["mime_type"] == "image/webp"
    material = gltf["materials"][0]
    assert "normalTexture" in material and "occlusionTexture" in material
    assert "baseColorTexture" in material["pbrMetallicRoughness"]


def test_the_animation_survives(exhibit):
    _source, out, manifest, _seconds = exhibit
    model = next(d for d in manifest.derivatives if d.role == "model")
    gltf = read_glb_json(out / model.path)
    assert manifest.report["output"]["animations"] == 1
    (animation,) = gltf["animations"]
    assert animation["name"] == "turntable"
    assert [c["target"]["path"] for c in animation["channels"]] == ["rotation"]


@needs_chromium
def test_a_poster_is_rendered_from_the_model(exhibit):
    _source, out, manifest, _seconds = exhibit
    poster = next(d for d in manifest.derivatives if d.role == "poster")
    assert poster.mime_type == "image/webp" and (poster.width, poster.height) == (1024, 768)
    with Image.open(out / poster.path) as image:
        assert image.size == (1024, 768)
        pixels = np.asarray(image.convert("RGBA"))
    drawn = pixels[..., 3] > 0
    assert 0.1 < drawn.mean() < 0.95  # the model is in the frame, not everywhere
    assert pixels[drawn][:, :3].std() > 10  # textured, not a flat silhouette


def test_the_same_model_is_served_from_the_cache(tmp_path, monkeypatch):
    source = tmp_path / "small.glb"
    source.write_bytes(build_glb(rings=8, segments=16))
    first = optimize(source, tmp_path / "a", recipe=NO_POSTER, cache_dir=tmp_path / "cache")

    def fail(*args, **kwargs):
        raise AssertionError("processed again")

    monkeypatch.setattr(models3d, "process", fail)
    again = optimize(source, tmp_path / "b", recipe=NO_POSTER, cache_dir=tmp_path / "cache")
    assert again.report == first.report
    assert not list(tmp_path.rglob(".scratch"))


# --- other formats -------------------------------------------------------------------------------


def test_a_zipped_gltf_with_its_bin_and_png(tmp_path):
    gltf, binary = build_gltf(rings=16, segments=32)
    gltf["images"] = [{"uri": "textures/wood%20grain.png", "mimeType": "image/png"}]
    gltf["textures"] = [{"source": 0}]
    gltf["materials"][0]["pbrMetallicRoughness"]["baseColorTexture"] = {"index": 0}
    gltf["buffers"][0]["uri"] = "model.bin"
    source = tmp_path / "upload.zip"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("scene/model.gltf", json.dumps(gltf))
        archive.writestr("scene/model.bin", binary)
        archive.writestr("scene/textures/wood grain.png", png(texture(512, seed=5)))

    manifest = optimize(source, tmp_path / "out", recipe=NO_POSTER)

    assert manifest.kind == "model" and manifest.source_type == "application/zip"
    assert manifest.report["output"]["textures"] == 1
    assert manifest.report["validator"]["errors"] == 0
    (model,) = manifest.derivatives
    assert validate(tmp_path / "out" / model.path, tmp_path)["errors"] == 0


def mesh_bytes(kind):
    import trimesh

    mesh = trimesh.creation.icosphere(subdivisions=3)
    return mesh.export(file_type=kind)


@pytest.mark.parametrize("kind", ["obj", "stl", "ply"])
def test_obj_stl_and_ply_become_glb(tmp_path, kind):
    data = mesh_bytes(kind)
    source = tmp_path / f"upload.{kind}"
    source.write_bytes(data if isinstance(data, bytes) else data.encode())
    assert sniff_file(source) == f"model/{kind}"

    manifest = optimize(source, tmp_path / "out", recipe=NO_POSTER)

    (model,) = manifest.derivatives
    assert model.mime_type == "model/gltf-binary"
    assert manifest.report["output"]["triangles"] == 1280  # icosphere(3), nothing lost
    assert manifest.report["deviation"]["max"] <= 0.005
    assert validate(tmp_path / "out" / model.path, tmp_path)["errors"] == 0


def test_without_chromium_the_manifest_says_so_and_has_no_poster(tmp_path, monkeypatch):
    monkeypatch.setattr(models3d.poster, "CHROMIUM", str(tmp_path / "no-chromium"))
    source = tmp_path / "small.glb"
    source.write_bytes(build_glb(rings=8, segments=16))

    manifest = optimize(source, tmp_path / "out")

    assert [d.role for d in manifest.derivatives] == ["model"]
    assert any("No poster image" in warning for warning in manifest.warnings)


def test_without_node_the_model_is_refused_as_tool_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(models3d.node_runner.shutil, "which", lambda name: None)
    source = tmp_path / "small.glb"
    source.write_bytes(build_glb(rings=8, segments=16))
    with pytest.raises(Rejected) as refused:
        optimize(source, tmp_path / "out", recipe=NO_POSTER)
    assert refused.value.code == "tool_missing"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_an_invalid_output_is_an_error_not_a_silent_pass(tmp_path, monkeypatch):
    real = models3d.run_node

    def broken_finish(command, job, scratch, recipe):
        result = real(command, job, scratch, recipe)
        if command == "finish":
            result.update(errors=1, messages=["ACCESSOR_INDEX_OOB: made up"])
        return result

    monkeypatch.setattr(models3d.pipeline, "run_node", broken_finish)
    source = tmp_path / "small.glb"
    source.write_bytes(build_glb(rings=8, segments=16))
    with pytest.raises(models3d.ModelPipelineError, match="glTF-Validator"):
        optimize(source, tmp_path / "out", recipe=NO_POSTER)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_an_old_manifest_without_a_report_still_loads():
    old = {
        "kind": "image",
        "source_sha256": "ab" * 32,
        "source_type": "image/png",
        "recipe": "0" * 16,
        "derivatives": [],
    }
    assert Manifest.from_dict(old).report == {}


# --- bad input: refused clearly, quickly, and nothing left behind ---------------------------------


def png_header_only(width, height):
    """A PNG that declares huge dimensions (a pixel bomb) with a tiny body."""
    import zlib

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    ihdr = (
        struct.pack(">I", 13) + b"IHDR" + header + struct.pack(">I", zlib.crc32(b"IHDR" + header))
    )
    body = zlib.compress(b"\x00" * 64)
    idat = (
        struct.pack(">I", len(body))
        + b"IDAT"
        + body
        + struct.pack(">I", zlib.crc32(b"IDAT" + body))
    )
    return b"\x89PNG\r\n\x1a\n" + ihdr + idat + b"\x00\x00\x00\x00IEND\xaeB`\x82"


def small(mutate):
    return lambda: build_glb(rings=8, segments=16, mutate=mutate)


def with_image_uri(uri):
    def mutate(gltf):
        gltf["images"] = [{"uri": uri}]
        gltf["textures"] = [{"source": 0}]
        gltf["materials"][0]["pbrMetallicRoughness"]["baseColorTexture"] = {"index": 0}

    return small(mutate)


def pixel_bomb():
    gltf, binary = build_gltf(
        rings=8, segments=16, textures=[("baseColor", png_header_only(100_000, 100_000))]
    )
    return glb_bytes(gltf, binary)


def zipped(entries):
    def make():
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for entry, data in entries():
                archive.writestr(entry, data)
        return buffer.getvalue()

    return make


def symlink_entries():
    link = zipfile.ZipInfo("scene/model.bin")
    link.external_attr = 0o120777 << 16
    yield "scene/model.gltf", json.dumps(build_gltf(rings=4, segments=8)[0])
    yield link, "/etc/passwd"


def validator_errors(gltf):
    gltf["accessors"][1]["count"] += 1  # NORMAL longer than POSITION, beyond its buffer view


BAD_INPUTS = {
    "GLB with an external texture": (with_image_uri("texture.png"), "external_reference"),
    "GLB with a file: URI": (
        small(lambda g: g["buffers"].append({"uri": "file:///etc/passwd", "byteLength": 8})),
        "external_reference",
    ),
    "GLB with an http URI": (with_image_uri("https://evil.example/t.png"), "external_reference"),
    "NaN in the JSON": (
        small(lambda g: g["accessors"][0].update(min=[float("nan"), 0, 0])),
        "damaged",
    ),
    "huge accessor count": (
        small(
            lambda g: g["accessors"].append(
                {"componentType": 5126, "count": 2_000_000_000, "type": "VEC3"}
            )
        ),
        "too_complex",
    ),
    "pixel bomb texture": (pixel_bomb, "texture_too_large"),
    "zip bomb": (zipped(lambda: [("scene/model.bin", b"\0" * 50_000_000)]), "unsafe_archive"),
    "zip slip": (zipped(lambda: [("../model.gltf", b"{}")]), "unsafe_archive"),
    "zip with a symlink": (zipped(symlink_entries), "unsafe_archive"),
    "zip with too many entries": (
        zipped(lambda: [(f"scene/{i}.txt", b"x") for i in range(300)]),
        "unsafe_archive",
    ),
    "zip without a model": (zipped(lambda: [("readme.txt", b"hello")]), "not_a_model"),
    "truncated GLB": (lambda: build_glb(rings=8, segments=16)[:3000], "damaged"),
    "validator errors": (small(validator_errors), "invalid_model"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_refused_quickly_with_a_reason_and_leaves_nothing(tmp_path, case):
    make, code = BAD_INPUTS[case]
    source = tmp_path / "upload.bin"
    source.write_bytes(make())
    out = tmp_path / "out"

    started = time.monotonic()
    with pytest.raises(Rejected) as refused:
        optimize(source, out, kind="model", cache_dir=tmp_path / "cache")

    assert refused.value.code == code, refused.value
    assert str(refused.value)
    assert time.monotonic() - started < 5
    assert not out.exists() or not any(out.iterdir())
    cache = tmp_path / "cache"
    assert not cache.exists() or not any(p.is_file() for p in cache.rglob("*"))


def test_validator_messages_are_quoted_in_the_refusal(tmp_path):
    source = tmp_path / "bad.glb"
    source.write_bytes(small(validator_errors)())
    with pytest.raises(Rejected) as refused:
        optimize(source, tmp_path / "out", recipe=NO_POSTER)
    assert refused.value.params["count"] >= 1
    assert "ACCESSOR" in refused.value.params["messages"]
