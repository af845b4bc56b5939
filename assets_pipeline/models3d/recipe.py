"""The recipe of the 3D-model pipeline (limits, output, budgets), its constants, its error."""

import hashlib
from dataclasses import asdict, dataclass

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
