"""What a file is, judged by its first bytes, never by its name (SPEC 6.1.2).

Returns a MIME type, or None for anything unknown. Text formats that can carry script
(HTML, SVG, XML) are named so that callers can refuse them explicitly.
"""

IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif", "image/heic"}

_FTYP_BRANDS = {
    b"avif": "image/avif",
    b"avis": "image/avif",
    b"heic": "image/heic",
    b"heix": "image/heic",
    b"heim": "image/heic",
    b"heis": "image/heic",
    b"mif1": "image/heic",  # generic HEIF; Pillow decides whether it reads it
    b"msf1": "image/heic",
    b"isom": "video/mp4",
    b"iso2": "video/mp4",
    b"mp41": "video/mp4",
    b"mp42": "video/mp4",
    b"avc1": "video/mp4",
    b"M4V ": "video/mp4",
    b"qt  ": "video/quicktime",
}


def sniff(head):
    """The MIME type of a file whose first bytes (at least 64) are `head`."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":
        return _FTYP_BRANDS.get(head[8:12], "video/mp4" if head[8:10] != b"\x00\x00" else None)
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"
    if head.startswith(b"glTF"):
        return "model/gltf-binary"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"#extm3u"):
        return "application/vnd.apple.mpegurl"
    if text.startswith(b"ffconcat"):
        return "text/x-ffconcat"
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")):
        return "text/html"
    if text.startswith((b"<svg", b"<?xml")):
        return "image/svg+xml" if b"<svg" in head.lower() else "application/xml"
    if text.startswith(b"{") and b'"asset"' in head:
        return "model/gltf+json"
    if text.startswith(b"solid"):
        return "model/stl"
    if text.startswith(b"ply"):
        return "model/ply"
    if _looks_like_obj(text):
        return "model/obj"
    return None


_OBJ_KEYWORDS = (b"#", b"v", b"vn", b"vt", b"vp", b"f", b"o", b"g", b"s", b"l", b"p")
_OBJ_KEYWORDS += (b"mtllib", b"usemtl")


def _looks_like_obj(text):
    """Wavefront OBJ: every complete line is a comment or an OBJ statement, one is a vertex."""
    lines = text.split(b"\n")[:-1] or text.split(b"\n")
    words = [line.split(None, 1)[0] for line in lines if line.strip()]
    if not words or not all(w.startswith(b"#") or w in _OBJ_KEYWORDS for w in words):
        return False
    return b"v" in words


def sniff_file(path):
    with open(path, "rb") as handle:
        head = handle.read(512)
        found = sniff(head)
        if found is None and len(head) >= 84:
            # Binary STL: an 80-byte free header, then a triangle count that the file's
            # length must match exactly (50 bytes a triangle).
            size = handle.seek(0, 2)
            if 84 + 50 * int.from_bytes(head[80:84], "little") == size:
                return "model/stl"
        return found
