"""The upload checked and, where needed, unpacked and converted to GLB for Node."""

from pathlib import Path

from assets_pipeline.errors import Rejected
from assets_pipeline.models3d.archives import find_model, unpack_zip
from assets_pipeline.models3d.gltf_checks import check_gltf, parse_json, read_glb
from assets_pipeline.models3d.meshes import mesh_to_glb
from assets_pipeline.models3d.recipe import MESH_SUFFIXES, MODEL_TYPES


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
