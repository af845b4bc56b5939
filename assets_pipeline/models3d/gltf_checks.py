"""Bounded parsing: the GLB container, the glTF JSON, its URIs, counts and texture sizes,
judged before anything allocates."""

import base64
import binascii
import io
import json
import re
import struct
from pathlib import Path, PurePosixPath

from PIL import Image

from assets_pipeline.errors import Rejected
from assets_pipeline.models3d.recipe import COMPONENT_BYTES, TYPE_COMPONENTS


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
