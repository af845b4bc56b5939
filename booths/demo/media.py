"""Demo media generated on the spot, never downloaded: pictures, panoramas, GLB, PDF, MP4.

Product pictures are simple drawings of the product (a chair, a towel stack, a loom...)
in the exhibit's colour with its model number, so that a buyer scanning a gallery can tell
exhibits apart. Everything is deterministic: the same arguments give the same bytes.
The MP4 needs ffmpeg; without it the demo simply has no video (booths.W001 warns).
"""

import functools
import io
import shutil
import subprocess  # noqa: S404 (runs ffmpeg with fixed arguments, no shell)
import time

from PIL import Image, ImageDraw, ImageFont

PRODUCT_SIZE = (640, 480)
PANORAMA_SIZE = (2048, 1024)  # equirectangular: twice as wide as high
JPEG_OPTIONS = {"format": "JPEG", "quality": 80, "optimize": False}


def shade(colour, factor):
    """The colour darkened (factor < 1) or lightened (factor > 1)."""
    if factor <= 1:
        return tuple(int(c * factor) for c in colour)
    return tuple(int(c + (255 - c) * (factor - 1)) for c in colour)


@functools.cache
def font(size):
    """Pillow's bundled scalable font: no system fonts needed (Latin text only)."""
    try:
        return ImageFont.load_default(size=size)
    except (AttributeError, ImportError):  # Pillow built without FreeType
        return ImageFont.load_default()


@functools.cache
def _backdrop(width, height):
    """A soft studio backdrop with a floor, shared by every product picture."""
    image = Image.new("RGB", (width, height), (246, 246, 244))
    draw = ImageDraw.Draw(image)
    floor = int(height * 0.78)
    for y in range(floor, height):
        tone = 236 - int((y - floor) * 40 / (height - floor))
        draw.line([(0, y), (width, y)], fill=(tone, tone, tone - 4))
    return image


# --- product drawings: each takes (draw, colour) on a 640×480 canvas ----------------------
def _chair(d, c):
    dark = shade(c, 0.6)
    for box in ((250, 300, 262, 392), (378, 300, 390, 392)):
        d.rectangle(box, fill=shade(c, 0.75))
    d.rounded_rectangle((215, 120, 425, 292), radius=18, fill=c, outline=dark, width=4)
    for x in range(255, 400, 36):
        d.line([(x, 140), (x, 280)], fill=shade(c, 0.85), width=6)
    d.polygon([(200, 288), (440, 288), (462, 322), (178, 322)], fill=shade(c, 1.15), outline=dark)
    for box in ((186, 322, 202, 420), (438, 322, 454, 420)):
        d.rectangle(box, fill=dark)


def _table(d, c):
    dark = shade(c, 0.6)
    for box in ((160, 275, 176, 380), (464, 275, 480, 380)):
        d.rectangle(box, fill=shade(c, 0.75))
    d.polygon([(130, 228), (510, 228), (562, 270), (78, 270)], fill=shade(c, 1.15), outline=dark)
    d.rectangle((78, 270, 562, 290), fill=c, outline=dark)
    for box in ((96, 290, 118, 420), (522, 290, 544, 420)):
        d.rectangle(box, fill=dark)


def _bed(d, c, bedding=(244, 244, 240)):
    dark = shade(c, 0.6)
    d.rounded_rectangle((100, 140, 540, 300), radius=24, fill=c, outline=dark, width=4)
    d.rectangle((84, 300, 556, 372), fill=dark)
    d.rounded_rectangle((96, 252, 544, 318), radius=16, fill=bedding)
    d.ellipse((140, 226, 290, 282), fill=(255, 255, 255), outline=(210, 210, 210))
    d.ellipse((350, 226, 500, 282), fill=(255, 255, 255), outline=(210, 210, 210))
    d.polygon([(96, 290), (544, 290), (556, 360), (84, 360)], fill=shade(bedding, 0.9))
    for box in ((92, 372, 108, 410), (532, 372, 548, 410)):
        d.rectangle(box, fill=dark)


def _bedset(d, c):
    _bed(d, (150, 118, 90), bedding=c)
    for x in range(110, 540, 40):
        d.line([(x, 300), (x - 8, 356)], fill=shade(c, 0.8), width=3)


def _sofa(d, c):
    dark = shade(c, 0.6)
    d.rounded_rectangle((110, 160, 530, 290), radius=30, fill=c, outline=dark, width=3)
    d.rounded_rectangle((100, 270, 540, 352), radius=20, fill=shade(c, 1.12), outline=dark, width=3)
    for x in (246, 393):
        d.line([(x, 280), (x, 350)], fill=dark, width=3)
    d.rounded_rectangle((72, 210, 150, 372), radius=26, fill=shade(c, 0.9), outline=dark, width=3)
    d.rounded_rectangle((490, 210, 568, 372), radius=26, fill=shade(c, 0.9), outline=dark, width=3)
    for box in ((92, 372, 108, 404), (532, 372, 548, 404)):
        d.rectangle(box, fill=(60, 50, 40))


def _cabinet(d, c):
    dark = shade(c, 0.6)
    d.rectangle((190, 86, 450, 410), fill=c, outline=dark, width=4)
    d.rectangle((182, 76, 458, 92), fill=dark)
    d.line([(320, 96), (320, 400)], fill=dark, width=3)
    for x in (300, 334):
        d.rectangle((x, 230, x + 6, 280), fill=(210, 190, 120))
    d.rectangle((196, 404, 444, 420), fill=dark)


def _lowcabinet(d, c):
    dark = shade(c, 0.6)
    d.rectangle((210, 110, 430, 240), fill=(30, 34, 40), outline=(10, 10, 10), width=4)
    d.rectangle((312, 240, 328, 262), fill=(40, 40, 40))
    d.rectangle((100, 262, 540, 380), fill=c, outline=dark, width=4)
    for x in (246, 393):
        d.line([(x, 266), (x, 376)], fill=dark, width=3)
    for x in (170, 316, 462):
        d.rectangle((x, 312, x + 12, 322), fill=(210, 190, 120))
    for box in ((110, 380, 124, 410), (516, 380, 530, 410)):
        d.rectangle(box, fill=dark)


def _mattress(d, c):
    dark = shade(c, 0.7)
    d.polygon([(130, 220), (510, 220), (570, 280), (70, 280)], fill=shade(c, 1.05), outline=dark)
    d.rounded_rectangle((70, 278, 570, 360), radius=14, fill=shade(c, 0.92), outline=dark, width=3)
    for x in range(110, 560, 42):
        d.line([(x, 290), (x, 350)], fill=dark, width=1)
    for i in range(7):
        y = 228 + i * 8
        d.line([(130 - i * 8, y), (510 + i * 8, y)], fill=shade(c, 0.95))


def _office_chair(d, c):
    dark = shade(c, 0.6)
    d.rounded_rectangle((236, 96, 404, 270), radius=30, fill=c, outline=dark, width=5)
    for x in range(254, 400, 16):
        d.line([(x, 108), (x, 258)], fill=shade(c, 1.3), width=1)
    d.ellipse((206, 264, 434, 322), fill=shade(c, 1.2), outline=dark, width=3)
    d.rectangle((312, 320, 328, 380), fill=(120, 120, 124))
    for x, y in ((210, 404), (260, 420), (320, 410), (380, 420), (430, 404)):
        d.line([(320, 380), (x, y)], fill=(50, 50, 54), width=8)
        d.ellipse((x - 10, y - 4, x + 10, y + 16), fill=(20, 20, 20))


def _quilt(d, c):
    for i in range(3):
        top = 300 - i * 70
        box = (150 - i * 6, top, 490 + i * 6, top + 70)
        d.rounded_rectangle(
            box, radius=26, fill=shade(c, 1 - i * 0.05), outline=shade(c, 0.7), width=3
        )
        for x in range(box[0] + 30, box[2] - 10, 34):
            d.line([(x, top + 10), (x + 20, top + 60)], fill=shade(c, 0.82), width=1)
            d.line([(x + 20, top + 10), (x, top + 60)], fill=shade(c, 0.82), width=1)


def _towels(d, c):
    for i in range(5):
        top = 340 - i * 46
        colour = c if i % 2 == 0 else shade(c, 1.35)
        d.rounded_rectangle(
            (170, top, 470, top + 44), radius=18, fill=colour, outline=shade(c, 0.6), width=2
        )
        d.rectangle((200, top + 14, 440, top + 22), fill=shade(colour, 0.8))


def _pillow(d, c):
    d.rounded_rectangle((140, 190, 500, 350), radius=70, fill=c, outline=shade(c, 0.7), width=4)
    d.rounded_rectangle((170, 215, 470, 325), radius=55, outline=shade(c, 0.85), width=2)


def _curtain(d, c):
    d.rectangle((90, 104, 550, 114), fill=(120, 110, 100))
    for left, right in ((110, 300), (340, 530)):
        d.polygon([(left, 114), (right, 114), (right - 20, 410), (left + 20, 410)], fill=c)
        for x in range(left + 24, right - 10, 26):
            d.line([(x, 116), (x + (6 if x < 320 else -6), 406)], fill=shade(c, 0.75), width=3)
    d.ellipse((296, 100, 344, 124), fill=(180, 170, 150))


def _rolls(d, c):
    for i, colour in enumerate((c, shade(c, 1.3), shade(c, 0.75))):
        top = 170 + i * 70
        d.rectangle((150, top, 470, top + 60), fill=colour, outline=shade(colour, 0.7))
        d.ellipse((450, top, 490, top + 60), fill=shade(colour, 0.85), outline=shade(colour, 0.6))
        d.ellipse((462, top + 22, 478, top + 38), fill=(90, 80, 70))


def _robe(d, c):
    dark = shade(c, 0.65)
    d.polygon(
        [
            (250, 110),
            (390, 110),
            (520, 200),
            (480, 250),
            (420, 210),
            (430, 420),
            (210, 420),
            (220, 210),
            (160, 250),
            (120, 200),
        ],
        fill=c,
        outline=dark,
    )
    d.line([(320, 112), (300, 300)], fill=dark, width=4)
    d.rectangle((222, 270, 418, 290), fill=shade(c, 0.8))


def _rug(d, c):
    d.rectangle((110, 150, 530, 400), fill=c)
    d.rectangle((130, 170, 510, 380), outline=shade(c, 1.5), width=8)
    d.ellipse((250, 205, 390, 345), fill=shade(c, 0.7), outline=shade(c, 1.5), width=5)
    for x in range(112, 530, 8):
        d.line([(x, 400), (x, 414)], fill=shade(c, 1.3), width=2)
        d.line([(x, 136), (x, 150)], fill=shade(c, 1.3), width=2)


def _loom(d, c):
    steel = (110, 116, 124)
    for box in ((100, 140, 146, 404), (494, 140, 540, 404)):
        d.rectangle(box, fill=c, outline=shade(c, 0.6), width=3)
    d.rectangle((100, 140, 540, 170), fill=shade(c, 0.8))
    for x in range(152, 490, 6):
        d.line([(x, 172), (x, 300)], fill=(236, 232, 220), width=1)
    d.rectangle((146, 296, 494, 312), fill=steel)
    d.rectangle((150, 330, 490, 372), fill=(240, 236, 226), outline=steel, width=2)
    d.rectangle((540, 280, 600, 404), fill=shade(c, 0.7))


def _spinning(d, c):
    d.rectangle((50, 240, 590, 370), fill=(200, 204, 208), outline=(120, 124, 130), width=3)
    d.rectangle((50, 230, 590, 244), fill=c)
    for x in range(64, 580, 22):
        d.rectangle((x, 186, x + 10, 232), fill=(244, 240, 230), outline=(160, 150, 140))
    d.rectangle((20, 200, 80, 370), fill=shade(c, 0.8))
    d.rectangle((56, 300, 584, 310), fill=shade(c, 0.9))


def _sewing(d, c):
    dark = shade(c, 0.5)
    d.rectangle((110, 340, 530, 362), fill=(170, 140, 100))
    d.rectangle((170, 286, 480, 340), fill=c, outline=dark, width=3)
    d.rectangle((410, 160, 470, 290), fill=c, outline=dark, width=3)
    d.rounded_rectangle((190, 150, 476, 206), radius=20, fill=c, outline=dark, width=3)
    d.rectangle((196, 200, 236, 262), fill=shade(c, 0.85), outline=dark, width=2)
    d.line([(216, 262), (216, 292)], fill=(60, 60, 60), width=3)
    d.ellipse((466, 180, 520, 234), fill=(80, 80, 86))
    d.rectangle((300, 170, 380, 190), fill=(40, 120, 200))


def _quilter(d, c):
    d.rectangle((40, 230, 600, 380), fill=(216, 216, 220), outline=(120, 120, 126), width=3)
    for y in range(240, 372, 22):
        d.line([(60, y), (580, y)], fill=shade(c, 1.5), width=2)
    d.rectangle((60, 150, 580, 184), fill=c)
    d.rectangle((280, 184, 360, 250), fill=shade(c, 0.75))
    for box in ((40, 150, 70, 400), (570, 150, 600, 400)):
        d.rectangle(box, fill=shade(c, 0.6))


def _tank(d, c):
    grey = (196, 200, 206)
    d.rounded_rectangle(
        (100, 190, 470, 370), radius=80, fill=grey, outline=(120, 124, 130), width=3
    )
    d.rectangle((150, 200, 190, 360), fill=c)
    d.ellipse((380, 230, 450, 330), fill=(170, 174, 180), outline=(110, 110, 116), width=3)
    d.rectangle((490, 200, 560, 380), fill=shade(c, 0.7))
    for y in (230, 260, 290):
        d.ellipse((510, y, 530, y + 20), fill=(240, 200, 60))
    d.rectangle((150, 370, 170, 410), fill=(100, 100, 100))
    d.rectangle((400, 370, 420, 410), fill=(100, 100, 100))


def _printer(d, c):
    d.polygon(
        [(140, 300), (500, 300), (560, 420), (80, 420)],
        fill=(246, 246, 246),
        outline=(180, 180, 180),
    )
    for i, colour in enumerate(((220, 60, 80), (40, 150, 220), (250, 200, 40))):
        d.ellipse((180 + i * 110, 330, 250 + i * 110, 390), fill=colour)
    d.rectangle((90, 170, 550, 300), fill=c, outline=shade(c, 0.5), width=4)
    d.rectangle((120, 196, 520, 216), fill=shade(c, 1.4))
    d.rectangle((440, 240, 520, 280), fill=(90, 200, 120))


def _cnc(d, c):
    d.rectangle((70, 290, 570, 370), fill=(90, 94, 100))
    d.polygon([(110, 250), (530, 250), (560, 290), (80, 290)], fill=(214, 190, 150))
    for box in ((140, 150, 184, 296), (456, 150, 500, 296)):
        d.rectangle(box, fill=c, outline=shade(c, 0.6), width=3)
    d.rectangle((140, 150, 500, 186), fill=c, outline=shade(c, 0.6), width=3)
    d.rectangle((296, 186, 336, 250), fill=(60, 60, 66))
    d.rectangle((310, 250, 322, 268), fill=(200, 200, 200))


def _packer(d, c):
    d.rectangle((120, 170, 440, 380), fill=c, outline=shade(c, 0.55), width=4)
    d.rectangle((160, 200, 330, 300), fill=(200, 226, 240), outline=shade(c, 0.55), width=3)
    d.rectangle((360, 200, 420, 300), fill=shade(c, 0.7))
    d.rectangle((440, 320, 600, 336), fill=(70, 70, 76))
    for x in range(452, 600, 24):
        d.ellipse((x, 336, x + 14, 350), fill=(40, 40, 40))
    d.rectangle((470, 280, 560, 320), fill=(236, 236, 230), outline=(160, 160, 160))


def _machine(d, c):
    d.rectangle((100, 180, 540, 380), fill=c, outline=shade(c, 0.55), width=4)
    d.rectangle((130, 210, 300, 320), fill=(40, 44, 50))
    d.rectangle((140, 220, 290, 310), fill=(70, 160, 220))
    for x in (340, 380, 420):
        d.ellipse((x, 220, x + 26, 246), fill=(240, 200, 60))
    for y in range(270, 360, 14):
        d.line([(340, y), (510, y)], fill=shade(c, 0.7), width=4)


SHAPES = {
    "chair": _chair,
    "table": _table,
    "bed": _bed,
    "bedset": _bedset,
    "sofa": _sofa,
    "cabinet": _cabinet,
    "lowcabinet": _lowcabinet,
    "mattress": _mattress,
    "office_chair": _office_chair,
    "quilt": _quilt,
    "towels": _towels,
    "pillow": _pillow,
    "curtain": _curtain,
    "rolls": _rolls,
    "robe": _robe,
    "rug": _rug,
    "loom": _loom,
    "spinning": _spinning,
    "sewing": _sewing,
    "quilter": _quilter,
    "tank": _tank,
    "printer": _printer,
    "cnc": _cnc,
    "packer": _packer,
    "machine": _machine,
}


def product_image(shape, colour, model_number, label=""):
    """A JPEG drawing of the product with its model number: (bytes, width, height)."""
    width, height = PRODUCT_SIZE
    image = _backdrop(width, height).copy()
    draw = ImageDraw.Draw(image)
    draw.ellipse((90, 392, 550, 436), fill=(214, 214, 210))
    SHAPES.get(shape, _machine)(draw, tuple(colour))
    draw.rectangle((0, 0, width, 10), fill=tuple(colour))
    draw.text((24, 22), model_number, font=font(40), fill=(34, 34, 38))
    if label:
        draw.text((24, height - 40), label, font=font(22), fill=(90, 90, 96))
    buffer = io.BytesIO()
    image.save(buffer, **JPEG_OPTIONS)
    return buffer.getvalue(), width, height


def panorama(accent, seed=0):
    """A 2:1 equirectangular JPEG of an exhibition stand, seamless at the 0°/360° edge."""
    width, height = PANORAMA_SIZE
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    horizon = height // 2
    for y in range(height):
        if y < horizon:
            tone = 70 + int(150 * y / horizon)
            colour = (tone, tone, min(255, tone + 24))
        else:
            tone = 200 - int(110 * (y - horizon) / horizon)
            colour = (tone, tone - 8, tone - 20)
        draw.line([(0, y), (width, y)], fill=colour)
    stand = width // 8
    palette = [accent, shade(accent, 1.4), (236, 236, 232), shade(accent, 0.7)]
    for i in range(8):
        x = i * stand + (seed * 37) % stand
        colour = palette[(i + seed) % len(palette)]
        for offset in (0, -width):  # draw twice so a stand crossing the seam wraps round
            left = x + offset
            draw.rectangle((left + 12, horizon - 170, left + stand - 12, horizon + 50), fill=colour)
            draw.rectangle(
                (left + 12, horizon - 210, left + stand - 12, horizon - 170),
                fill=shade(colour, 0.6),
            )
            draw.rectangle(
                (left + 60, horizon - 120, left + stand - 60, horizon - 20), fill=(250, 250, 250)
            )
            draw.ellipse(
                (left + stand // 2 - 40, horizon - 380, left + stand // 2 + 40, horizon - 350),
                fill=(255, 250, 220),
            )
    for y in range(horizon + 80, height, 60):
        draw.line([(0, y), (width, y)], fill=(150, 140, 126), width=2)
    buffer = io.BytesIO()
    image.save(buffer, **JPEG_OPTIONS)
    return buffer.getvalue(), width, height


def hero_banner(title, subtitle, accent=(18, 92, 140)):
    """The edition's wide banner (Latin text only: no CJK font is bundled with Pillow)."""
    width, height = 1600, 600
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for x in range(width):
        t = x / width
        draw.line(
            [(x, 0), (x, height)],
            fill=tuple(
                int(a * (1 - t) + b * t) for a, b in zip(accent, (20, 150, 150), strict=True)
            ),
        )
    for i in range(6):
        draw.ellipse(
            (900 + i * 90, 80 + i * 40, 1400 + i * 90, 580 + i * 40),
            outline=(255, 255, 255),
            width=2,
        )
    draw.text((80, 200), title, font=font(64), fill=(255, 255, 255))
    draw.text((84, 300), subtitle, font=font(32), fill=(220, 240, 245))
    buffer = io.BytesIO()
    image.save(buffer, **JPEG_OPTIONS)
    return buffer.getvalue(), width, height


def brochure_pdf(company, lines, colour):
    """A one-page A4 product catalogue as a valid PDF (Pillow's PDF writer)."""
    page = Image.new("RGB", (595, 842), (255, 255, 255))
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, 595, 120), fill=tuple(colour))
    draw.text((40, 44), company, font=font(24), fill=(255, 255, 255))
    draw.text((40, 150), "Product catalogue", font=font(28), fill=(30, 30, 30))
    for i, line in enumerate(lines[:24]):
        draw.text((40, 210 + i * 26), line, font=font(16), fill=(50, 50, 50))
    draw.text((40, 800), "Nantong Cloud Expo", font=font(14), fill=(120, 120, 120))
    buffer = io.BytesIO()
    # A fixed date instead of "now", so that the same catalogue gives the same bytes.
    dated = time.strptime("2026-11-29", "%Y-%m-%d")
    page.save(buffer, format="PDF", resolution=72, title=company, creationDate=dated, modDate=dated)
    return buffer.getvalue()


# --- 3D models ---------------------------------------------------------------------------
def _part(trimesh, mesh, x, y, z, colour):
    mesh.apply_translation((x, y, z))
    mesh.visual.vertex_colors = (*colour, 255)
    return mesh


def _box(trimesh, size, position, colour):
    return _part(trimesh, trimesh.creation.box(extents=size), *position, colour)


def _leg(trimesh, radius, height, x, z, colour):
    # trimesh cylinders stand along Z; glTF is Y-up, so turn them upright.
    leg = trimesh.creation.cylinder(radius=radius, height=height, sections=12)
    leg.apply_transform(trimesh.transformations.rotation_matrix(-1.5708, (1, 0, 0)))
    return _part(trimesh, leg, x, height / 2, z, colour)


def glb_model(kind, colour):
    """A binary glTF built from primitives (Y up, metres): chair, table, sofa, bed, ..."""
    import trimesh  # heavy import: only when a model is built

    dark = shade(colour, 0.6)
    parts = []
    if kind == "chair":
        parts += [_leg(trimesh, 0.02, 0.45, x, z, dark) for x in (-0.2, 0.2) for z in (-0.2, 0.2)]
        parts.append(_box(trimesh, (0.46, 0.05, 0.46), (0, 0.47, 0), colour))
        parts.append(_box(trimesh, (0.46, 0.45, 0.04), (0, 0.72, -0.21), colour))
    elif kind == "table":
        parts += [
            _leg(trimesh, 0.03, 0.72, x, z, dark) for x in (-0.72, 0.72) for z in (-0.38, 0.38)
        ]
        parts.append(_box(trimesh, (1.6, 0.04, 0.9), (0, 0.74, 0), colour))
    elif kind == "sofa":
        parts.append(_box(trimesh, (2.2, 0.42, 0.9), (0, 0.31, 0), colour))
        parts.append(_box(trimesh, (2.2, 0.5, 0.22), (0, 0.77, -0.34), shade(colour, 0.9)))
        parts += [
            _box(trimesh, (0.2, 0.62, 0.9), (x, 0.41, 0), shade(colour, 0.85)) for x in (-1.0, 1.0)
        ]
        parts += [_leg(trimesh, 0.025, 0.1, x, z, dark) for x in (-1.0, 1.0) for z in (-0.35, 0.35)]
    elif kind == "bed":
        parts.append(_box(trimesh, (1.9, 0.3, 2.1), (0, 0.25, 0), colour))
        parts.append(_box(trimesh, (1.8, 0.22, 2.0), (0, 0.51, 0), (240, 240, 236)))
        parts.append(_box(trimesh, (1.9, 0.8, 0.08), (0, 0.7, -1.05), dark))
    elif kind == "cabinet":
        parts.append(_box(trimesh, (1.6, 2.2, 0.6), (0, 1.12, 0), colour))
        parts.append(_box(trimesh, (0.02, 2.0, 0.02), (0, 1.12, 0.31), dark))
    elif kind == "mattress":
        parts.append(_box(trimesh, (1.8, 0.26, 2.0), (0, 0.13, 0), colour))
    else:  # a machine: body, control panel, roller
        parts.append(_box(trimesh, (2.4, 1.2, 1.2), (0, 0.7, 0), colour))
        parts.append(_box(trimesh, (0.5, 0.8, 0.1), (0.9, 1.2, 0.65), (40, 44, 50)))
        roller = trimesh.creation.cylinder(radius=0.15, height=2.2, sections=24)
        roller.apply_transform(trimesh.transformations.rotation_matrix(1.5708, (0, 1, 0)))
        parts.append(_part(trimesh, roller, 0, 1.45, 0, (200, 200, 204)))
    mesh = trimesh.util.concatenate(parts)
    return mesh.export(file_type="glb")


# --- video -------------------------------------------------------------------------------
def start_test_video(path, seconds=5):
    """Start ffmpeg rendering a `testsrc` H.264 MP4 in the background; None without ffmpeg.

    It runs while the database is written, so that the video costs no wall-clock time.
    """
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    command = [
        ffmpeg, "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", f"testsrc=duration={seconds}:size=640x360:rate=25",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "veryfast", "-threads", "1",
        "-movflags", "+faststart", "-fflags", "+bitexact", "-flags:v", "+bitexact",
        "-map_metadata", "-1", str(path),
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603


def finish_test_video(process, path, timeout=60):
    """The MP4's bytes once ffmpeg is done, or None if it is missing or failed."""
    if process is None:
        return None
    try:
        _out, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return None
    if process.returncode != 0 or not path.exists():
        return None
    return path.read_bytes()
