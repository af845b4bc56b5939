"""3D models: checked before anything allocates, validated, optimised, measured, posed.

Accepted: GLB; glTF JSON whose resources are data: URIs; a zip of a glTF with its .bin and
textures (or of one GLB, OBJ, STL or PLY); OBJ, STL and PLY, converted with trimesh.

1. **Refused cheaply first** (Python, before Node or a decoder runs): the GLB container,
   the glTF JSON (NaN and Infinity refused, nesting bounded), every URI (only data: URIs,
   and relative paths inside a zipped glTF; never `file:`, `http(s):` or `../`), accessor
   counts and declared bytes, vertex, triangle and texture counts, and every texture's
   width × height read from its image header (a pixel-bomb PNG never gets decoded). Zips
   are checked for entry count, total and per-entry unpacked size, compression ratio,
   symlinks, encryption and paths that would leave the folder.
2. **glTF-Validator** (Khronos, `assets_pipeline/node/model.mjs`): an asset with errors is
   refused with its first messages.
3. **Geometry** in Node with glTF Transform and meshoptimizer: dedup, instancing, flatten,
   join, weld, simplify at 1e-4 of the extent, animation resampling, prune, sparse, then
   quantization and EXT_meshopt_compression (the steps of `gltf-transform optimize`
   without palette textures, which would merge materials).
4. **Textures** here: resized to at most `texture_size`, encoded as WebP (EXT_texture_webp)
   at the lowest quality whose SSIM against the resized source reaches `texture_ssim`
   (luma for colour textures; every used channel for normal and ORM data; alpha too when a
   material reads it). A source image that is already smaller at the output size is kept.
5. **Checked output**: the result is validated again (an error there is a bug: it raises,
   it is never shipped), and its geometric deviation from the source is measured.
6. **Poster**: the optimised model rendered by `<model-viewer>` in headless Chromium.

Node runs with a timeout, `--max-old-space-size` and a data-segment limit (RLIMIT_DATA).
"""

import base64
import binascii
import hashlib
import io
import json
import math
import os
import re
import resource
import shutil
import struct
import subprocess
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from PIL import Image

from assets_pipeline.errors import Rejected
from assets_pipeline.manifest import Derivative
from assets_pipeline.quality import ssim

NODE_SCRIPT = Path(__file__).resolve().parent / "node" / "model.mjs"
NODE_MODULES = Path(__file__).resolve().parents[1] / "node_modules"
CHROMIUM = os.environ.get("ASSETS_CHROMIUM", "/usr/bin/chromium")
MODEL_TYPES = {
    "model/gltf-binary",
    "model/gltf+json",
    "model/obj",
    "model/stl",
    "model/ply",
    "application/zip",
}
MESH_SUFFIXES = {".obj": "obj", ".stl": "stl", ".ply": "ply"}
GLTF_SUFFIXES = {".glb", ".gltf"}
COMPONENT_BYTES = {5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4}
TYPE_COMPONENTS = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT2": 4, "MAT3": 9, "MAT4": 16}
MAX_MESSAGES = 5  # validator messages quoted in a refusal
CHANNEL_R, CHANNEL_G, CHANNEL_B, CHANNEL_A = 0x1000, 0x0100, 0x0010, 0x0001


@dataclass(frozen=True)
class ModelRecipe:
    # Hard limits: over them the upload is refused.
    max_bytes: int = 200 * 1024 * 1024
    max_vertices: int = 3_000_000
    max_triangles: int = 3_000_000
    max_accessor_count: int = 10_000_000  # elements in one accessor
    max_accessor_bytes: int = 1024 * 1024 * 1024  # all accessors' declared bytes together
    max_textures: int = 32
    max_texture_size: int = 8192  # per side, from the image header
    max_json_bytes: int = 32 * 1024 * 1024
    max_zip_entries: int = 256
    max_unzipped_bytes: int = 400 * 1024 * 1024
    max_zip_ratio: int = 200  # unpacked / packed, per entry and overall
    # Output.
    texture_size: int = 2048
    texture_ssim: float = 0.955  # SSIM of each re-encoded texture against its resized source
    simplify_error: float = 1e-4  # fraction of the mesh extent (meshoptimizer)
    poster: bool = True  # rendered by <model-viewer> in headless Chromium
    poster_size: tuple = (1024, 768)
    # Budgets: over them the exhibitor gets a warning in the manifest.
    budget_triangles: int = 500_000
    budget_texture_memory: int = 64 * 1024 * 1024  # GPU bytes, mipmaps included
    budget_bytes: int = 10 * 1024 * 1024
    max_deviation: float = 0.005  # of the bounding-box diagonal
    # Node.
    node_timeout: int = 300
    node_memory_mb: int = 4096
    poster_timeout: int = 60
    version: int = 1

    def fingerprint(self):
        text = repr(sorted(asdict(self).items()))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


class ModelPipelineError(RuntimeError):
    """The pipeline produced something wrong (an invalid output): a bug, never shipped."""


# --- Node ------------------------------------------------------------------------------------


def node():
    path = shutil.which("node")
    if path is None:
        raise Rejected("tool_missing", "%(tool)s is not installed on the server.", tool="node")
    if not (NODE_MODULES / "@gltf-transform" / "core").is_dir():
        raise Rejected(
            "tool_missing", "%(tool)s is not installed on the server.", tool="gltf-transform"
        )
    return path


def run_node(command, job, scratch, recipe):
    """One command of model.mjs with a timeout and a memory cap; its JSON answer."""
    job_file = Path(scratch) / f"job-{command}.json"
    job_file.write_text(json.dumps(job), encoding="utf-8")
    limit = recipe.node_memory_mb * 1024 * 1024

    def cap_memory():  # runs in the child, before exec
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))

    argv = [node(), f"--max-old-space-size={recipe.node_memory_mb // 2}", str(NODE_SCRIPT)]
    try:
        result = subprocess.run(  # noqa: S603 (fixed argv, no shell)
            [*argv, command, str(job_file)],
            capture_output=True,
            timeout=recipe.node_timeout,
            check=False,
            cwd=scratch,
            preexec_fn=cap_memory,  # noqa: PLW1509 (no threads started here)
        )
    except subprocess.TimeoutExpired:
        raise Rejected("model_timeout", "The 3D model took too long to process.") from None
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = next((line for line in lines if line.strip()), "?")[:300]
        if "bad_alloc" in reason or "heap out of memory" in result.stderr.decode(
            "utf-8", "replace"
        ):
            raise Rejected("too_complex", "The 3D model needs too much memory to process.")
        raise _NodeFailed(reason)
    return json.loads(result.stdout.decode("utf-8").strip().splitlines()[-1])


class _NodeFailed(Exception):
    pass


# --- bounded parsing -------------------------------------------------------------------------


def _refuse_constant(name):
    raise ValueError(f"{name} is not a number glTF allows")


def parse_json(data, recipe):
    if len(data) > recipe.max_json_bytes:
        raise Rejected(
            "too_complex",
            "The glTF JSON is %(size)s MB; the limit is %(limit)s MB.",
            size=round(len(data) / 1_048_576, 1),
            limit=recipe.max_json_bytes // 1_048_576,
        )
    try:
        value = json.loads(data.decode("utf-8-sig"), parse_constant=_refuse_constant)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise Rejected(
            "damaged", "The 3D model file is damaged or incomplete (%(reason)s).", reason=error
        ) from None
    if not isinstance(value, dict) or not isinstance(value.get("asset"), dict):
        raise Rejected(
            "damaged", "The 3D model file is damaged or incomplete (%(reason)s).", reason="no asset"
        )
    return value


def read_glb(data, recipe):
    """(gltf JSON, BIN chunk bytes or None) of a GLB, checked against its own lengths."""
    damaged = "The 3D model file is damaged or incomplete (%(reason)s)."
    if len(data) < 20 or data[:4] != b"glTF":
        raise Rejected("damaged", damaged, reason="not a GLB")
    version, length = struct.unpack_from("<II", data, 4)
    if version != 2:
        raise Rejected("damaged", damaged, reason=f"GLB version {version}")
    if length != len(data):
        raise Rejected("damaged", damaged, reason=f"{len(data)} bytes of {length}: truncated")
    json_length, json_type = struct.unpack_from("<I4s", data, 12)
    if json_type != b"JSON" or 20 + json_length > length:
        raise Rejected("damaged", damaged, reason="bad JSON chunk")
    gltf = parse_json(data[20 : 20 + json_length], recipe)
    offset = 20 + json_length + (-json_length % 4)
    binary = None
    if offset + 8 <= length:
        bin_length, bin_type = struct.unpack_from("<I4s", data, offset)
        if bin_type == b"BIN\x00":
            if offset + 8 + bin_length > length:
                raise Rejected("damaged", damaged, reason="bad BIN chunk")
            binary = data[offset + 8 : offset + 8 + bin_length]
    return gltf, binary


def _items(gltf, key):
    value = gltf.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise Rejected(
            "damaged", "The 3D model file is damaged or incomplete (%(reason)s).", reason=key
        )
    return value


def _count(value):
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


DATA_URI = re.compile(r"^data:([\w.+/-]*)(;[\w=.+-]+)*;base64,", re.IGNORECASE)


def check_uri(uri, root, base=None):
    """The bytes a URI stands for: a data: URI, or (root given: a zipped glTF) a path
    relative to the glTF's folder `base`, inside the archive `root`. Anything else is
    refused."""
    external = (
        "The model refers to a file outside itself (%(uri)s): only embedded data (GLB, "
        "data: URIs) or files inside the uploaded zip are accepted."
    )
    if not isinstance(uri, str):
        raise Rejected("external_reference", external, uri=repr(uri)[:80])
    match = DATA_URI.match(uri)
    if match:
        try:
            return base64.b64decode(uri[match.end() :], validate=True)
        except (binascii.Error, ValueError):
            raise Rejected(
                "damaged",
                "The 3D model file is damaged or incomplete (%(reason)s).",
                reason="bad data URI",
            ) from None
    shown = uri[:80]
    if root is None or re.match(r"^[a-z][a-z0-9+.-]*:", uri, re.IGNORECASE):
        raise Rejected("external_reference", external, uri=shown)
    from urllib.parse import unquote

    relative = unquote(uri)
    parts = PurePosixPath(relative).parts
    if (
        not parts
        or relative.startswith(("/", "\\"))
        or "\\" in relative
        or ".." in parts
        or "\x00" in relative
    ):
        raise Rejected("external_reference", external, uri=shown)
    target = (Path(base or root) / relative).resolve()
    if not target.is_relative_to(Path(root).resolve()) or not target.is_file():
        raise Rejected(
            "damaged",
            "The 3D model file is damaged or incomplete (%(reason)s).",
            reason=f"{shown} is missing",
        )
    return target.read_bytes()


def image_size(data):
    """(width, height) from an image's header, without decoding its pixels."""
    if data[:12] == b"\xabKTX 20\xbb\r\n\x1a\n":
        return struct.unpack_from("<II", data, 20)
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except Image.DecompressionBombError:
        return (1 << 30, 1 << 30)
    except (OSError, SyntaxError, ValueError):
        raise Rejected(
            "damaged",
            "The 3D model file is damaged or incomplete (%(reason)s).",
            reason="unreadable texture",
        ) from None


def check_gltf(gltf, binary, recipe, root=None, base=None):
    """Every limit that can be judged from the JSON and the image headers; returns
    {"vertices", "triangles", "textures"} as declared."""
    buffers = _items(gltf, "buffers")
    views = _items(gltf, "bufferViews")
    accessors = _items(gltf, "accessors")
    images = _items(gltf, "images")
    buffer_bytes = {}

    def buffer(index):
        if index not in buffer_bytes:
            if not isinstance(index, int) or not 0 <= index < len(buffers):
                raise Rejected(
                    "damaged",
                    "The 3D model file is damaged or incomplete (%(reason)s).",
                    reason="buffer index",
                )
            uri = buffers[index].get("uri")
            buffer_bytes[index] = (binary or b"") if uri is None else check_uri(uri, root, base)
        return buffer_bytes[index]

    for item in [*buffers, *images]:  # every URI, even of unused buffers and images
        if item.get("uri") is not None:
            check_uri(item["uri"], root, base)

    total = 0
    for accessor in accessors:
        count = _count(accessor.get("count"))
        sparse = accessor.get("sparse") if isinstance(accessor.get("sparse"), dict) else {}
        if max(count, _count(sparse.get("count"))) > recipe.max_accessor_count:
            raise Rejected(
                "too_complex",
                "An accessor declares %(count)s elements; the limit is %(limit)s.",
                count=max(count, _count(sparse.get("count"))),
                limit=recipe.max_accessor_count,
            )
        size = COMPONENT_BYTES.get(accessor.get("componentType"), 4)
        total += count * size * TYPE_COMPONENTS.get(accessor.get("type"), 16)
    if total > recipe.max_accessor_bytes:
        raise Rejected(
            "too_complex",
            "The model declares %(size)s MB of vertex data; the limit is %(limit)s MB.",
            size=total // 1_048_576,
            limit=recipe.max_accessor_bytes // 1_048_576,
        )

    vertices = triangles = 0
    for mesh in _items(gltf, "meshes"):
        primitives = mesh.get("primitives", [])
        for primitive in primitives if isinstance(primitives, list) else []:
            if not isinstance(primitive, dict):
                continue
            attributes = primitive.get("attributes") or {}
            position = attributes.get("POSITION") if isinstance(attributes, dict) else None
            count = _count(accessors[position].get("count")) if _valid(position, accessors) else 0
            vertices += count
            indices = primitive.get("indices")
            elements = (
                _count(accessors[indices].get("count")) if _valid(indices, accessors) else count
            )
            mode = primitive.get("mode", 4)
            triangles += (
                elements // 3 if mode == 4 else max(elements - 2, 0) if mode in (5, 6) else 0
            )
    if vertices > recipe.max_vertices or triangles > recipe.max_triangles:
        raise Rejected(
            "too_complex",
            "The model has %(vertices)s vertices and %(triangles)s triangles; the limits are "
            "%(max_vertices)s and %(max_triangles)s.",
            vertices=vertices,
            triangles=triangles,
            max_vertices=recipe.max_vertices,
            max_triangles=recipe.max_triangles,
        )
    if len(images) > recipe.max_textures:
        raise Rejected(
            "too_complex",
            "The model has %(count)s textures; the limit is %(limit)s.",
            count=len(images),
            limit=recipe.max_textures,
        )
    for number, item in enumerate(images):
        if item.get("uri") is not None:
            data = check_uri(item["uri"], root, base)
        elif _valid(item.get("bufferView"), views):
            view = views[item["bufferView"]]
            start = _count(view.get("byteOffset", 0))
            data = buffer(view.get("buffer"))[start : start + _count(view.get("byteLength"))]
        else:
            continue  # the validator reports it
        width, height = image_size(data[: 1 << 20] if len(data) > (1 << 20) else data)
        if max(width, height) > recipe.max_texture_size:
            raise Rejected(
                "texture_too_large",
                "Texture %(number)s is %(width)s × %(height)s pixels; the limit is %(limit)s "
                "pixels a side.",
                number=number + 1,
                width=width,
                height=height,
                limit=recipe.max_texture_size,
            )
    return {"vertices": vertices, "triangles": triangles, "textures": len(images)}


def _valid(index, items):
    return isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(items)


# --- zips --------------------------------------------------------------------------------------


def unpack_zip(path, folder, recipe):
    """Extract a zip into `folder` after checking it whole; every refusal is unsafe_archive."""
    unsafe = "The zip file cannot be accepted: %(reason)s."
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise Rejected(
            "damaged", "The 3D model file is damaged or incomplete (%(reason)s).", reason=error
        ) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > recipe.max_zip_entries:
            raise Rejected(
                "unsafe_archive",
                unsafe,
                reason=f"it has {len(entries)} entries, the limit is {recipe.max_zip_entries}",
            )
        unpacked = sum(entry.file_size for entry in entries)
        packed = sum(entry.compress_size for entry in entries)
        if unpacked > recipe.max_unzipped_bytes:
            raise Rejected(
                "unsafe_archive",
                unsafe,
                reason=f"it unpacks to {unpacked // 1_048_576} MB, the limit is "
                f"{recipe.max_unzipped_bytes // 1_048_576} MB",
            )
        for entry in entries:
            name = entry.filename
            parts = PurePosixPath(name).parts
            if (
                name.startswith(("/", "\\"))
                or "\\" in name
                or "\x00" in name
                or re.match(r"^[a-zA-Z]:", name)
                or ".." in parts
            ):
                raise Rejected(
                    "unsafe_archive", unsafe, reason=f"the path {name[:80]!r} leaves the folder"
                )
            if (entry.external_attr >> 16) & 0o170000 == 0o120000:
                raise Rejected("unsafe_archive", unsafe, reason=f"{name[:80]!r} is a symbolic link")
            if entry.flag_bits & 0x1:
                raise Rejected("unsafe_archive", unsafe, reason=f"{name[:80]!r} is encrypted")
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size > 1_048_576 and ratio > recipe.max_zip_ratio:
                raise Rejected(
                    "unsafe_archive",
                    unsafe,
                    reason=f"{name[:80]!r} is compressed {ratio:.0f}:1 (a zip bomb)",
                )
        if unpacked > 1_048_576 and unpacked > recipe.max_zip_ratio * max(packed, 1):
            raise Rejected(
                "unsafe_archive", unsafe, reason="it is compressed too much (a zip bomb)"
            )
        written = 0
        root = Path(folder).resolve()
        for entry in entries:
            if entry.is_dir():
                continue
            target = (root / entry.filename).resolve()
            if not target.is_relative_to(root):
                raise Rejected("unsafe_archive", unsafe, reason="a path leaves the folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(entry) as source, open(target, "wb") as sink:
                    while block := source.read(1 << 20):
                        written += len(block)
                        if written > recipe.max_unzipped_bytes:
                            raise Rejected(
                                "unsafe_archive", unsafe, reason="it unpacks to more than it says"
                            )
                        sink.write(block)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
                raise Rejected(
                    "damaged",
                    "The 3D model file is damaged or incomplete (%(reason)s).",
                    reason=error,
                ) from None


def find_model(folder):
    """The one model file in an unpacked zip."""
    found = [
        path
        for path in sorted(Path(folder).rglob("*"))
        if path.is_file()
        and path.suffix.lower() in GLTF_SUFFIXES | set(MESH_SUFFIXES)
        and not any(part.startswith((".", "__MACOSX")) for part in path.relative_to(folder).parts)
    ]
    if not found:
        raise Rejected(
            "not_a_model",
            "The zip file holds no 3D model (glTF with its files, GLB, OBJ, STL or PLY).",
        )
    gltf = [path for path in found if path.suffix.lower() in GLTF_SUFFIXES]
    if len(gltf) > 1 or (not gltf and len(found) > 1):
        raise Rejected("not_a_model", "The zip file holds several 3D models: upload one at a time.")
    return (gltf or found)[0]


# --- meshes through trimesh ------------------------------------------------------------------


def precount_mesh(data, kind, recipe):
    """Vertex/face counts an OBJ, STL or PLY declares, judged before trimesh loads it."""
    if kind == "ply":
        header = data[: data.find(b"end_header")] if b"end_header" in data[:65536] else b""
        counts = dict(re.findall(rb"element\s+(vertex|face)\s+(\d+)", header))
        vertices, faces = int(counts.get(b"vertex", 0)), int(counts.get(b"face", 0))
    elif kind == "stl":
        if data[:5].lower() == b"solid" and b"facet" in data[:1024]:
            faces = data.count(b"facet normal")
        else:
            faces = struct.unpack_from("<I", data, 80)[0] if len(data) >= 84 else 0
            if 84 + 50 * faces != len(data):
                raise Rejected(
                    "damaged",
                    "The 3D model file is damaged or incomplete (%(reason)s).",
                    reason="STL length",
                )
        vertices = faces * 3
    else:
        vertices = len(re.findall(rb"(?m)^\s*v\s", data))
        faces = len(re.findall(rb"(?m)^\s*f\s", data))
    if vertices > recipe.max_vertices or faces > recipe.max_triangles:
        raise Rejected(
            "too_complex",
            "The model has %(vertices)s vertices and %(triangles)s triangles; the limits are "
            "%(max_vertices)s and %(max_triangles)s.",
            vertices=vertices,
            triangles=faces,
            max_vertices=recipe.max_vertices,
            max_triangles=recipe.max_triangles,
        )


class _FolderResolver:
    """trimesh's view of an unpacked zip (an OBJ's .mtl and textures): no path outside it."""

    def __init__(self, root):
        self.root = Path(root).resolve()

    def get(self, name):
        target = (self.root / name).resolve()
        if not target.is_relative_to(self.root) or not target.is_file():
            raise FileNotFoundError(name)
        return target.read_bytes()

    def namespaced(self, namespace):
        return _FolderResolver(self.get_base(namespace))

    def get_base(self, namespace=""):
        target = (self.root / namespace).resolve()
        if not target.is_relative_to(self.root):
            raise FileNotFoundError(namespace)
        return target

    def write(self, name, data):
        raise PermissionError(name)


def mesh_to_glb(path, kind, target, recipe, folder=None):
    """OBJ, STL or PLY to GLB with trimesh (materials and textures of an OBJ in a zip)."""
    import trimesh

    data = Path(path).read_bytes()
    precount_mesh(data, kind, recipe)
    resolver = _FolderResolver(folder or Path(path).parent) if folder else None
    try:
        scene = trimesh.load(
            io.BytesIO(data), file_type=kind, resolver=resolver, force="scene", process=False
        )
        geometry = list(getattr(scene, "geometry", {}).values())
        if not geometry or not any(len(getattr(g, "faces", ())) for g in geometry):
            raise ValueError("no triangles")
        vertices = sum(len(g.vertices) for g in geometry)
        faces = sum(len(g.faces) for g in geometry)
        if vertices > recipe.max_vertices or faces > recipe.max_triangles:
            raise Rejected(
                "too_complex",
                "The model has %(vertices)s vertices and %(triangles)s triangles; the limits "
                "are %(max_vertices)s and %(max_triangles)s.",
                vertices=vertices,
                triangles=faces,
                max_vertices=recipe.max_vertices,
                max_triangles=recipe.max_triangles,
            )
        Path(target).write_bytes(scene.export(file_type="glb"))
    except Rejected:
        raise
    except Exception as error:  # trimesh raises many types on bad input
        raise Rejected(
            "damaged",
            "The 3D model file is damaged or incomplete (%(reason)s).",
            reason=str(error)[:200] or type(error).__name__,
        ) from None


# --- source --------------------------------------------------------------------------------------


def load_source(path, source_type, scratch, recipe):
    """(path Node reads, declared counts): the upload checked and, where needed, converted
    to GLB inside `scratch`."""
    if source_type not in MODEL_TYPES:
        raise Rejected(
            "not_a_model",
            "This file is not a 3D model we can read (GLB, glTF, OBJ, STL or PLY, or a zip "
            "of a glTF with its files).",
        )
    path = Path(path)
    root = None
    if source_type == "application/zip":
        root = scratch / "zip"
        root.mkdir()
        unpack_zip(path, root, recipe)
        path = find_model(root)
        suffix = path.suffix.lower()
        if suffix in MESH_SUFFIXES:
            source_type = f"model/{MESH_SUFFIXES[suffix]}"
        else:
            source_type = "model/gltf-binary" if suffix == ".glb" else "model/gltf+json"
            if suffix == ".glb":
                root = None  # a GLB in a zip is self-contained, like an uploaded one
    if source_type in ("model/obj", "model/stl", "model/ply"):
        target = scratch / "source.glb"
        mesh_to_glb(path, source_type.split("/")[1], target, recipe, folder=root)
        path, source_type, root = target, "model/gltf-binary", None
    data = path.read_bytes()
    if source_type == "model/gltf-binary":
        gltf, binary = read_glb(data, recipe)
        counts = check_gltf(gltf, binary, recipe)
        target = scratch / "source.glb"
    else:
        gltf = parse_json(data, recipe)
        counts = check_gltf(gltf, None, recipe, root=root, base=path.parent)
        target = path if root is not None else scratch / "source.gltf"
    if target != path:
        target.write_bytes(data)
    return target, counts


# --- textures ------------------------------------------------------------------------------------


def fit_within(width, height, limit):
    if max(width, height) <= limit:
        return width, height
    scale = limit / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def texture_score(reference, candidate, channels):
    """SSIM for a texture: of the luma for colour, the mean over the used channels for data
    (normal, ORM); the alpha channel's too, when a material reads it (the lower counts)."""
    if channels is None:
        scores = [ssim(reference.convert("RGB"), candidate.convert("RGB"))]
    else:
        per_channel = [ssim(reference.getchannel(b), candidate.getchannel(b)) for b in channels]
        scores = [sum(per_channel) / len(per_channel)]
    if reference.mode == "RGBA":
        scores.append(ssim(reference.getchannel("A"), candidate.getchannel("A")))
    return min(scores)


def encode_webp(image, quality):
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=quality, method=4, alpha_quality=100, exact=False)
    return buffer.getvalue()


def encode_webp_lossless(image):
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", lossless=True, quality=25, method=1, exact=False)
    return buffer.getvalue()


def _sample(image, tile=512):
    """Four tiles from the quadrants (a mosaic), to search quality fast on big textures."""
    if image.width <= 2 * tile or image.height <= 2 * tile:
        return image
    mosaic = Image.new(image.mode, (2 * tile, 2 * tile))
    for i, (fx, fy) in enumerate(((0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75))):
        left = int(fx * image.width) - tile // 2
        top = int(fy * image.height) - tile // 2
        mosaic.paste(
            image.crop((left, top, left + tile, top + tile)), ((i % 2) * tile, (i // 2) * tile)
        )
    return mosaic


def lowest_quality(image, channels, target, low=30, high=100):
    """The lowest WebP quality reaching `target` on `image`, or None when none does."""
    best = None
    while low <= high:
        middle = (low + high) // 2
        with Image.open(io.BytesIO(encode_webp(image, middle))) as decoded:
            score = texture_score(image, decoded.convert(image.mode), channels)
        if score >= target:
            best, high = middle, middle - 1
        else:
            low = middle + 1
    return best


def encode_texture(entry, recipe):
    """(bytes, mime type, width, height, quality, ssim) of one texture at its output size."""
    source_bytes = Path(entry["file"]).read_bytes()
    with Image.open(io.BytesIO(source_bytes)) as opened:
        opened.load()
        mask = entry.get("channels") or (CHANNEL_R | CHANNEL_G | CHANNEL_B | CHANNEL_A)
        has_alpha = opened.mode in ("RGBA", "LA", "PA") or "transparency" in opened.info
        mode = "RGBA" if has_alpha and mask & CHANNEL_A else "RGB"
        image = opened.convert(mode)
    original_size = image.size
    width, height = fit_within(image.width, image.height, recipe.texture_size)
    if (width, height) != image.size:
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    linear = entry.get("colorSpace") != "srgb"
    channels = None
    if linear:
        channels = [
            b for b, bit in (("R", CHANNEL_R), ("G", CHANNEL_G), ("B", CHANNEL_B)) if mask & bit
        ]
        channels = channels or ["R", "G", "B"]
    quality = lowest_quality(_sample(image), channels, recipe.texture_ssim)
    data = None
    for _attempt in range(3):  # confirmed on the whole texture: the sample can be kinder
        if quality is None:
            break
        data = encode_webp(image, quality)
        with Image.open(io.BytesIO(data)) as decoded:
            score = texture_score(image, decoded.convert(image.mode), channels)
        if score >= recipe.texture_ssim:
            break
        data, quality = None, (quality + 5 if quality < 100 else None)
    if data is None:  # lossy WebP cannot reach the target (noise in data textures)
        data, quality, score = encode_webp_lossless(image), None, 1.0
    kept = entry["mimeType"] in ("image/png", "image/jpeg", "image/webp")
    if kept and (width, height) == original_size and len(source_bytes) <= len(data):
        return source_bytes, entry["mimeType"], width, height, None, 1.0
    return data, "image/webp", width, height, quality, score


# --- poster --------------------------------------------------------------------------------------

POSTER_ORIGIN = "https://poster.invalid"
POSTER_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<style>html,body{margin:0;background:transparent}
model-viewer{width:%(width)dpx;height:%(height)dpx;display:block;--poster-color:transparent}</style>
<script>self.ModelViewerElement={meshoptDecoderLocation:"%(origin)s/meshopt_decoder.js",
lottieLoaderLocation:"data:text/javascript,"};</script>
<script type="module" src="%(origin)s/model-viewer.min.js"></script></head>
<body><model-viewer id="model" src="%(origin)s/model.glb" interaction-prompt="none"
shadow-intensity="1" exposure="1"></model-viewer></body></html>"""
POSTER_SCRIPT = """async () => {
  const viewer = document.getElementById("model");
  await customElements.whenDefined("model-viewer");
  if (!viewer.loaded) {
    await new Promise((resolve, reject) => {
      viewer.addEventListener("load", resolve, { once: true });
      viewer.addEventListener("error", (event) =>
        reject(new Error("model-viewer: " + JSON.stringify(event.detail?.type ?? "error"))), { once: true });
    });
  }
  for (let i = 0; i < 3; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  const blob = await viewer.toBlob({ mimeType: "image/png", idealAspect: false });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = "";
  for (let i = 0; i < bytes.length; i += 32768) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 32768));
  }
  return btoa(text);
}"""
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # WebGL without a GPU: SwiftShader through ANGLE, which newer Chromium only enables
    # when asked to.
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]


class PosterUnavailable(Exception):
    pass


def render_poster(glb, target, recipe):
    """A WebP poster of the model as <model-viewer> shows it; (width, height).

    Runs in a thread of its own: Playwright's sync API refuses a thread that already has
    an asyncio loop (an ASGI server, a caller driving its own browser)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="poster") as pool:
        return pool.submit(_render_poster, glb, target, recipe).result()


def _render_poster(glb, target, recipe):
    """render_poster() in the current thread.

    Chromium renders at twice the size (SwiftShader has no multisampling) and the result
    is scaled down, which smooths the edges. Everything the page needs is answered by
    `page.route` on a fake origin; every other request is refused."""
    if not Path(CHROMIUM).is_file():
        raise PosterUnavailable(f"Chromium is not installed ({CHROMIUM})")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise PosterUnavailable(f"Playwright is not installed ({error})") from None
    width, height = recipe.poster_size
    files = {
        "/": (POSTER_PAGE % {"width": width, "height": height, "origin": POSTER_ORIGIN}).encode(),
        "/model-viewer.min.js": NODE_MODULES / "@google/model-viewer/dist/model-viewer.min.js",
        "/meshopt_decoder.js": NODE_MODULES / "meshoptimizer/meshopt_decoder.cjs",
        "/model.glb": Path(glb),
    }
    types = {"/": "text/html", "/model.glb": "model/gltf-binary"}

    def answer(route):
        from urllib.parse import urlsplit

        url = urlsplit(route.request.url)
        body = files.get(url.path) if f"{url.scheme}://{url.netloc}" == POSTER_ORIGIN else None
        if body is None:
            route.abort("blockedbyclient")
            return
        route.fulfill(
            status=200,
            body=body if isinstance(body, bytes) else body.read_bytes(),
            headers={"content-type": types.get(url.path, "text/javascript")},
        )

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=recipe.poster_timeout * 1000
            )
            try:
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=2,
                    service_workers="block",
                )
                context.route("**/*", answer)
                page = context.new_page()
                page.set_default_timeout(recipe.poster_timeout * 1000)
                page.goto(f"{POSTER_ORIGIN}/")
                encoded = page.evaluate(POSTER_SCRIPT)
            finally:
                browser.close()
    except PlaywrightError as error:
        raise PosterUnavailable(str(error).splitlines()[0][:200]) from None
    with Image.open(io.BytesIO(base64.b64decode(encoded))) as rendered:
        poster = rendered.convert("RGBA").resize((width, height), Image.Resampling.LANCZOS)
    poster.save(target, "WEBP", quality=82, method=4)
    return width, height


# --- process ---------------------------------------------------------------------------------------


def _texture_memory(images):
    """GPU bytes of the textures as uploaded (RGBA8) with their mipmap chains (× 4/3)."""
    return int(sum(item["width"] * item["height"] * 4 * 4 / 3 for item in images))


def _rejected_invalid(report):
    messages = "; ".join(report["messages"][:MAX_MESSAGES]) or "see the glTF-Validator report"
    return Rejected(
        "invalid_model",
        "The 3D model has %(count)s errors (glTF-Validator): %(messages)s",
        count=report["errors"],
        messages=messages,
    )


def inspect(path, source_type, recipe):
    """The quick half of `process`, for upload forms: every check and glTF-Validator,
    no optimisation (Rejected, or None when the model will be accepted)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="model-inspect-") as folder:
        source, _declared = load_source(Path(path), source_type, Path(folder), recipe)
        _validated(source, Path(folder), recipe)


def _validated(source, scratch, recipe):
    node()  # refused as tool_missing before any work when Node is not there
    try:
        checked = run_node("validate", {"input": str(source)}, scratch, recipe)
    except _NodeFailed as error:
        raise Rejected(
            "damaged", "The 3D model file is damaged or incomplete (%(reason)s).", reason=error
        ) from None
    if checked["errors"]:
        raise _rejected_invalid(checked)
    if checked["triangles"] > recipe.max_triangles or checked["vertices"] > recipe.max_vertices:
        raise Rejected(
            "too_complex",
            "The model has %(vertices)s vertices and %(triangles)s triangles; the limits are "
            "%(max_vertices)s and %(max_triangles)s.",
            vertices=checked["vertices"],
            triangles=checked["triangles"],
            max_vertices=recipe.max_vertices,
            max_triangles=recipe.max_triangles,
        )
    return checked


def process(path, source_type, out_dir, stem, recipe):
    """Write the optimised GLB and its poster into `out_dir`; returns (derivatives, report,
    warnings)."""
    out_dir = Path(out_dir)
    scratch = out_dir / ".scratch"
    scratch.mkdir()
    try:
        return _process(Path(path), source_type, out_dir, scratch, stem, recipe)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _process(path, source_type, out_dir, scratch, stem, recipe):
    source, declared = load_source(path, source_type, scratch, recipe)
    checked = _validated(source, scratch, recipe)

    prepared = scratch / "prepared.glb"
    job = {
        "input": str(source),
        "output": str(prepared),
        "textureDir": str(scratch / "textures"),
        "simplifyError": recipe.simplify_error,
    }
    try:
        textures = run_node("prepare", job, scratch, recipe)["textures"]
    except _NodeFailed as error:
        raise Rejected(
            "damaged", "The 3D model file is damaged or incomplete (%(reason)s).", reason=error
        ) from None

    replacements, texture_report = {}, []
    for entry in textures:
        if not entry.get("file"):
            continue
        data, mime, width, height, quality, score = encode_texture(entry, recipe)
        name = scratch / f"out-{entry['index']}.{mime.split('/')[1]}"
        name.write_bytes(data)
        replacements[str(entry["index"])] = {"file": str(name), "mimeType": mime}
        texture_report.append(
            {
                "slots": entry["slots"],
                "width": width,
                "height": height,
                "bytes": len(data),
                "mime_type": mime,
                "quality": quality,
                "ssim": round(score, 4),
            }
        )

    glb = out_dir / f"{stem}.glb"
    job = {
        "input": str(prepared),
        "output": str(glb),
        "source": str(source),
        "textures": replacements,
    }
    try:
        result = run_node("finish", job, scratch, recipe)
    except _NodeFailed as error:
        raise ModelPipelineError(f"the optimised model could not be written: {error}") from None
    if result["errors"]:
        raise ModelPipelineError(
            "the optimised model does not pass glTF-Validator: " + "; ".join(result["messages"])
        )

    data = glb.read_bytes()
    deviation = result["deviation"]
    report = {
        "source": {
            "bytes": path.stat().st_size,
            "vertices": checked["vertices"],
            "triangles": checked["triangles"],
            "textures": len(checked["images"]),
            "texture_memory": _texture_memory(checked["images"]),
        },
        "output": {
            "bytes": len(data),
            "vertices": result["vertices"],
            "triangles": result["triangles"],
            "textures": len(result["images"]),
            "texture_memory": _texture_memory(result["images"]),
            "draw_calls": result["drawCalls"],
            "materials": result["materials"],
            "animations": result["animations"],
            "extensions": sorted(result["extensions"]),
        },
        "texture_ssim": min((t["ssim"] for t in texture_report), default=None),
        "textures": texture_report,
        # Distance from each triangle vertex to the other model's surface, both ways, in
        # world space at rest, as a fraction of the source's bounding-box diagonal.
        "deviation": {
            "max": round(deviation["max"], 6),
            "p99": round(deviation["p99"], 6),
            "samples": deviation["samples"],
        },
        "validator": {"errors": result["errors"], "warnings": result["warnings"]},
        "declared": declared,
    }
    warnings = budget_warnings(report, recipe)

    derivatives = [
        Derivative(
            path=glb.name,
            mime_type="model/gltf-binary",
            bytes=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            role="model",
        )
    ]
    poster = out_dir / f"{stem}-poster.webp"
    try:
        if not recipe.poster:
            return derivatives, report, warnings
        width, height = render_poster(glb, poster, recipe)
    except PosterUnavailable as error:
        poster.unlink(missing_ok=True)
        warnings.append(f"No poster image: {error}.")
    else:
        image = poster.read_bytes()
        derivatives.append(
            Derivative(
                path=poster.name,
                mime_type="image/webp",
                bytes=len(image),
                sha256=hashlib.sha256(image).hexdigest(),
                width=width,
                height=height,
                role="poster",
            )
        )
    return derivatives, report, warnings


def budget_warnings(report, recipe):
    output, warnings = report["output"], []
    if output["triangles"] > recipe.budget_triangles:
        warnings.append(
            f"The model has {output['triangles']:,} triangles; phones stay smooth under "
            f"{recipe.budget_triangles:,}."
        )
    if output["texture_memory"] > recipe.budget_texture_memory:
        warnings.append(
            f"The textures need {output['texture_memory'] / 1_048_576:.0f} MB of graphics "
            f"memory; the budget is {recipe.budget_texture_memory // 1_048_576} MB."
        )
    if output["bytes"] > recipe.budget_bytes:
        warnings.append(
            f"The optimised model is {output['bytes'] / 1_048_576:.1f} MB; the budget is "
            f"{recipe.budget_bytes // 1_048_576} MB."
        )
    if report["deviation"]["max"] > recipe.max_deviation:
        warnings.append(
            f"The optimised shape differs from the upload by up to "
            f"{report['deviation']['max']:.2%} of its size."
        )
    if not math.isfinite(report["deviation"]["max"]):
        warnings.append("The shape could not be compared with the upload.")
    return warnings
