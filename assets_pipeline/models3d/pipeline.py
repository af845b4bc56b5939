"""The pipeline end to end: `inspect` for upload forms, `process` for derivatives, the
report and its budget warnings."""

import hashlib
import math
import shutil
from pathlib import Path

from assets_pipeline.errors import Rejected
from assets_pipeline.manifest import Derivative
from assets_pipeline.models3d.node_runner import _NodeFailed, node, run_node
from assets_pipeline.models3d.poster import PosterUnavailable, render_poster
from assets_pipeline.models3d.recipe import MAX_MESSAGES, ModelPipelineError
from assets_pipeline.models3d.source import load_source
from assets_pipeline.models3d.textures import encode_texture


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
