"""OBJ, STL and PLY: counts judged from the bytes, then converted to GLB by trimesh."""

import io
import re
import struct
from pathlib import Path

from assets_pipeline.errors import Rejected


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
