"""The asset pipeline: an uploaded file and a recipe in, optimized derivatives and a
manifest out (ARCHITECTURE: `assets_pipeline/`, SPEC 5.3.4, 5.5, 6.1.2).

Pure functions over files, with a content-addressed cache; nothing here imports Django,
Wagtail or the page models, so the same code runs in a background task, in the CLI
(`python -m assets_pipeline optimize FILE --out DIR`) and in the tests. A refused input
raises `Rejected` with a stable `code` and parameters, which the Wagtail integration turns
into a message in the exhibitor's language.
"""

from assets_pipeline.errors import Rejected
from assets_pipeline.manifest import Derivative, Manifest
from assets_pipeline.optimize import derive, inspect, optimize

__all__ = ["Derivative", "Manifest", "Rejected", "derive", "inspect", "optimize"]
