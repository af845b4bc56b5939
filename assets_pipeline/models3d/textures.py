"""Textures resized and encoded as WebP at the lowest quality reaching the SSIM target."""

import io
from pathlib import Path

from PIL import Image

from assets_pipeline.models3d.recipe import CHANNEL_A, CHANNEL_B, CHANNEL_G, CHANNEL_R
from assets_pipeline.quality import ssim


def fit_within(width, height, limit):
    if max(width, height) <= limit:
        return width, height
    scale = limit / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def texture_score(reference, candidate, channels):
    """SSIM for a texture: of the luma for colour, the mean over the used channels for data
    (normal, ORM); the alpha channel's too, when a material reads it (the lower counts)."""
    if channels is None:
        scores = [ssim(reference.convert("RGB"), candidate.convert("RGB"))]
    else:
        per_channel = [ssim(reference.getchannel(b), candidate.getchannel(b)) for b in channels]
        scores = [sum(per_channel) / len(per_channel)]
    if reference.mode == "RGBA":
        scores.append(ssim(reference.getchannel("A"), candidate.getchannel("A")))
    return min(scores)


def encode_webp(image, quality):
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=quality, method=4, alpha_quality=100, exact=False)
    return buffer.getvalue()


def encode_webp_lossless(image):
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", lossless=True, quality=25, method=1, exact=False)
    return buffer.getvalue()


def _sample(image, tile=512):
    """Four tiles from the quadrants (a mosaic), to search quality fast on big textures."""
    if image.width <= 2 * tile or image.height <= 2 * tile:
        return image
    mosaic = Image.new(image.mode, (2 * tile, 2 * tile))
    for i, (fx, fy) in enumerate(((0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75))):
        left = int(fx * image.width) - tile // 2
        top = int(fy * image.height) - tile // 2
        mosaic.paste(
            image.crop((left, top, left + tile, top + tile)), ((i % 2) * tile, (i // 2) * tile)
        )
    return mosaic


def lowest_quality(image, channels, target, low=30, high=100):
    """The lowest WebP quality reaching `target` on `image`, or None when none does."""
    best = None
    while low <= high:
        middle = (low + high) // 2
        with Image.open(io.BytesIO(encode_webp(image, middle))) as decoded:
            score = texture_score(image, decoded.convert(image.mode), channels)
        if score >= target:
            best, high = middle, middle - 1
        else:
            low = middle + 1
    return best


def encode_texture(entry, recipe):
    """(bytes, mime type, width, height, quality, ssim) of one texture at its output size."""
    source_bytes = Path(entry["file"]).read_bytes()
    with Image.open(io.BytesIO(source_bytes)) as opened:
        opened.load()
        mask = entry.get("channels") or (CHANNEL_R | CHANNEL_G | CHANNEL_B | CHANNEL_A)
        has_alpha = opened.mode in ("RGBA", "LA", "PA") or "transparency" in opened.info
        mode = "RGBA" if has_alpha and mask & CHANNEL_A else "RGB"
        image = opened.convert(mode)
    original_size = image.size
    width, height = fit_within(image.width, image.height, recipe.texture_size)
    if (width, height) != image.size:
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    linear = entry.get("colorSpace") != "srgb"
    channels = None
    if linear:
        channels = [
            b for b, bit in (("R", CHANNEL_R), ("G", CHANNEL_G), ("B", CHANNEL_B)) if mask & bit
        ]
        channels = channels or ["R", "G", "B"]
    quality = lowest_quality(_sample(image), channels, recipe.texture_ssim)
    data = None
    for _attempt in range(3):  # confirmed on the whole texture: the sample can be kinder
        if quality is None:
            break
        data = encode_webp(image, quality)
        with Image.open(io.BytesIO(data)) as decoded:
            score = texture_score(image, decoded.convert(image.mode), channels)
        if score >= recipe.texture_ssim:
            break
        data, quality = None, (quality + 5 if quality < 100 else None)
    if data is None:  # lossy WebP cannot reach the target (noise in data textures)
        data, quality, score = encode_webp_lossless(image), None, 1.0
    kept = entry["mimeType"] in ("image/png", "image/jpeg", "image/webp")
    if kept and (width, height) == original_size and len(source_bytes) <= len(data):
        return source_bytes, entry["mimeType"], width, height, None, 1.0
    return data, "image/webp", width, height, quality, score
