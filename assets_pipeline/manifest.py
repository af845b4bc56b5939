"""What the pipeline made from one input: the derivatives and what a page needs of them."""

import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Derivative:
    path: str  # relative to the output folder
    mime_type: str
    bytes: int
    sha256: str
    width: int | None = None
    height: int | None = None
    duration: float | None = None  # seconds, for video
    role: str = ""  # "image", "poster", "hls", ...
    quality: int | None = None  # the encoder quality chosen for this derivative


@dataclass
class Manifest:
    kind: str  # image, video, model
    source_sha256: str
    source_type: str  # the MIME type judged from the content
    recipe: str  # the recipe's fingerprint (part of the cache key)
    derivatives: list = field(default_factory=list)
    width: int | None = None
    height: int | None = None
    duration: float | None = None  # seconds, for video
    placeholder: dict = field(default_factory=dict)  # LQIP data URI and dominant colour
    warnings: list = field(default_factory=list)
    # 3D models: size and complexity, texture SSIM, geometric deviation (docs/assets.md).
    report: dict = field(default_factory=dict)

    def to_dict(self):
        return asdict(self)

    def to_json(self):
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_dict(cls, data):
        data = dict(data)
        data["derivatives"] = [Derivative(**item) for item in data.get("derivatives", ())]
        return cls(**data)
