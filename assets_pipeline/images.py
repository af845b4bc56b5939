"""Images: validated from their header, normalised, and encoded as a responsive ladder.

A source is judged by content (sniff), refused before decoding when its declared size
would exhaust memory (a pixel bomb), decoded once (the first frame of an animation),
turned upright from its EXIF orientation, converted to sRGB and stripped of every piece of
metadata (GPS included). Each width of the recipe that is not an upscale is then encoded
in every format, at the lowest quality whose SSIM against the resized source reaches the
recipe's target: a busy photo gets more bytes than a flat screenshot, and neither more
than it needs. A modern format that comes out larger than the JPEG fallback is dropped.
"""

import base64
import hashlib
import io
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from assets_pipeline.errors import Rejected
from assets_pipeline.manifest import Derivative
from assets_pipeline.quality import Reference
from assets_pipeline.sniff import IMAGE_TYPES

FORMATS = {
    # format: (Pillow format, MIME type, extension, quality range searched, options)
    "avif": ("AVIF", "image/avif", "avif", (30, 90), {"speed": 8}),
    "webp": ("WEBP", "image/webp", "webp", (40, 95), {"method": 4}),
    "jpeg": ("JPEG", "image/jpeg", "jpg", (40, 95), {"optimize": True, "progressive": True}),
}
REFERENCE_WIDTH = 640  # the quality search runs on the derivative nearest to this width
PLACEHOLDER_WIDTH = 16


@dataclass(frozen=True)
class ImageRecipe:
    widths: tuple = (320, 640, 960, 1280, 1920)
    formats: tuple = ("avif", "webp", "jpeg")
    ssim_target: float = 0.98
    max_pixels: int = 50_000_000  # decompression-bomb guard, checked from the header
    max_bytes: int = 40 * 1024 * 1024
    version: int = 1  # bump when the output for the same input changes

    def fingerprint(self):
        text = repr(sorted(asdict(self).items()))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def load(path, source_type, recipe):
    """The upright, sRGB, metadata-free first frame of an image file (or Rejected)."""
    if source_type == "image/svg+xml":
        raise Rejected("svg", "SVG images are not accepted: upload a PNG, JPEG or WebP.")
    if source_type not in IMAGE_TYPES:
        raise Rejected(
            "not_an_image",
            "This file is not an image we can read (JPEG, PNG, WebP, AVIF, GIF or HEIC).",
        )
    if source_type == "image/heic":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    try:
        with Image.open(path) as image:
            width, height = image.size  # from the header: nothing decoded yet
            if width * height > recipe.max_pixels:
                raise Rejected(
                    "too_many_pixels",
                    "The image is %(width)s × %(height)s pixels; the limit is %(limit)s "
                    "million pixels.",
                    width=width,
                    height=height,
                    limit=recipe.max_pixels // 1_000_000,
                )
            image.seek(0)
            image.load()
            icc = image.info.get("icc_profile")
            frame = ImageOps.exif_transpose(image)
            frame.load()
    except Rejected:
        raise
    except Image.DecompressionBombError:  # Pillow's own guard, from the header too
        raise Rejected(
            "too_many_pixels",
            "The image declares more than %(limit)s million pixels, the limit.",
            limit=recipe.max_pixels // 1_000_000,
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise Rejected(
            "damaged", "The image file is damaged or incomplete (%(reason)s).", reason=error
        ) from None
    return to_srgb(frame, icc)


def to_srgb(image, icc):
    """RGB or RGBA pixels in sRGB, with no profile, EXIF or other metadata attached."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    mode = "RGBA" if has_alpha else "RGB"
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            srgb = ImageCms.createProfile("sRGB")
            converted = image.convert(mode) if image.mode not in ("RGB", "RGBA", "CMYK") else image
            image = ImageCms.profileToProfile(converted, source, srgb, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the pixels as they are
    clean = image.convert(mode)
    clean.info = {}
    return clean


def ladder_widths(width, recipe):
    """The recipe's widths that are not upscales, plus the source's own width when it
    falls between them (a 1000-px photo is offered at 1000, not only at 960)."""
    widths = [w for w in recipe.widths if w <= width]
    if not widths or (width < max(recipe.widths) and width > widths[-1]):
        widths.append(width)
    return sorted(set(widths))


def resized(image, width):
    if width == image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def encode(image, fmt, quality):
    pillow_format, _mime, _ext, _range, options = FORMATS[fmt]
    if fmt == "jpeg" and image.mode == "RGBA":
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    buffer = io.BytesIO()
    image.save(buffer, pillow_format, quality=quality, **options)
    return buffer.getvalue()


def lowest_quality(image, fmt, target):
    """The lowest quality whose decoded output has SSIM ≥ target against `image` (the
    highest of the range when none reaches it: very fine grain, for one)."""
    low, high = FORMATS[fmt][3]
    best = high
    reference = Reference(image)
    while low <= high:
        middle = (low + high) // 2
        with Image.open(io.BytesIO(encode(image, fmt, middle))) as decoded:
            score = reference.ssim(decoded.convert(image.mode))
        if score >= target:
            best, high = middle, middle - 1
        else:
            low = middle + 1
    return best


def placeholder(image):
    """A tiny blurred preview (data URI) and the dominant colour, for layout before load."""
    small = resized(image.convert("RGB"), min(PLACEHOLDER_WIDTH, image.width))
    data = encode(small, "webp", 30)
    red, green, blue = image.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    return {
        "data_uri": "data:image/webp;base64," + base64.b64encode(data).decode("ascii"),
        "color": f"#{red:02x}{green:02x}{blue:02x}",
    }


def process(path, source_type, out_dir, stem, recipe):
    """Write the ladder into `out_dir`; returns (derivatives, width, height, placeholder,
    warnings)."""
    image = load(path, source_type, recipe)
    widths = ladder_widths(image.width, recipe)
    warnings = []
    if image.width < min(recipe.widths[1:] or recipe.widths):
        warnings.append(
            f"The image is only {image.width} px wide; it will look soft on large screens."
        )
    reference = resized(image, min(widths, key=lambda w: abs(w - REFERENCE_WIDTH)))
    qualities = {fmt: lowest_quality(reference, fmt, recipe.ssim_target) for fmt in recipe.formats}
    derivatives = []
    # JPEG first: every browser reads it, so a modern format that is not smaller than the
    # JPEG of the same width is left out (WebP at high fidelity on grain, for one).
    order = sorted(recipe.formats, key=lambda fmt: fmt != "jpeg")
    for width in widths:
        frame = resized(image, width)
        fallback = None
        for fmt in order:
            data = encode(frame, fmt, qualities[fmt])
            if fmt == "jpeg":
                fallback = len(data)
            elif fallback is not None and len(data) >= fallback:
                continue
            name = f"{stem}-{width}.{FORMATS[fmt][2]}"
            (Path(out_dir) / name).write_bytes(data)
            derivatives.append(
                Derivative(
                    path=name,
                    mime_type=FORMATS[fmt][1],
                    bytes=len(data),
                    sha256=hashlib.sha256(data).hexdigest(),
                    width=frame.width,
                    height=frame.height,
                    role="image",
                    quality=qualities[fmt],
                )
            )
    return derivatives, image.width, image.height, placeholder(image), warnings
