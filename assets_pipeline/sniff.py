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
    return None


def sniff_file(path):
    with open(path, "rb") as handle:
        return sniff(handle.read(512))
