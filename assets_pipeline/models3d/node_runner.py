"""model.mjs run by Node with a timeout and a memory cap."""

import json
import resource
import shutil
import subprocess
from pathlib import Path

from assets_pipeline.errors import Rejected

NODE_SCRIPT = Path(__file__).resolve().parents[1] / "node" / "model.mjs"
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"


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
