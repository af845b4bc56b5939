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

The package, one module a step: `recipe` (ModelRecipe, limits, ModelPipelineError),
`node_runner` (model.mjs under Node), `gltf_checks` (bounded parsing), `archives` (zips),
`meshes` (OBJ, STL, PLY through trimesh), `source` (the upload checked and converted),
`textures` (WebP at an SSIM target), `poster` (headless Chromium), `pipeline` (`inspect`,
`process`, the report and its budget warnings). Everything is importable from here.
"""

from assets_pipeline.models3d.archives import find_model, unpack_zip
from assets_pipeline.models3d.gltf_checks import (
    DATA_URI,
    check_gltf,
    check_uri,
    image_size,
    parse_json,
    read_glb,
)
from assets_pipeline.models3d.meshes import mesh_to_glb, precount_mesh
from assets_pipeline.models3d.node_runner import NODE_MODULES, NODE_SCRIPT, node, run_node
from assets_pipeline.models3d.pipeline import budget_warnings, inspect, process
from assets_pipeline.models3d.poster import (
    CHROMIUM,
    CHROMIUM_ARGS,
    POSTER_ORIGIN,
    POSTER_PAGE,
    POSTER_SCRIPT,
    PosterUnavailable,
    render_poster,
)
from assets_pipeline.models3d.recipe import (
    CHANNEL_A,
    CHANNEL_B,
    CHANNEL_G,
    CHANNEL_R,
    COMPONENT_BYTES,
    GLTF_SUFFIXES,
    MAX_MESSAGES,
    MESH_SUFFIXES,
    MODEL_TYPES,
    TYPE_COMPONENTS,
    ModelPipelineError,
    ModelRecipe,
)
from assets_pipeline.models3d.source import load_source
from assets_pipeline.models3d.textures import (
    encode_texture,
    encode_webp,
    encode_webp_lossless,
    fit_within,
    lowest_quality,
    texture_score,
)

__all__ = [
    "CHANNEL_A",
    "CHANNEL_B",
    "CHANNEL_G",
    "CHANNEL_R",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "COMPONENT_BYTES",
    "DATA_URI",
    "GLTF_SUFFIXES",
    "MAX_MESSAGES",
    "MESH_SUFFIXES",
    "MODEL_TYPES",
    "NODE_MODULES",
    "NODE_SCRIPT",
    "POSTER_ORIGIN",
    "POSTER_PAGE",
    "POSTER_SCRIPT",
    "TYPE_COMPONENTS",
    "ModelPipelineError",
    "ModelRecipe",
    "PosterUnavailable",
    "budget_warnings",
    "check_gltf",
    "check_uri",
    "encode_texture",
    "encode_webp",
    "encode_webp_lossless",
    "find_model",
    "fit_within",
    "image_size",
    "inspect",
    "load_source",
    "lowest_quality",
    "mesh_to_glb",
    "node",
    "parse_json",
    "precount_mesh",
    "process",
    "read_glb",
    "render_poster",
    "run_node",
    "texture_score",
    "unpack_zip",
]
