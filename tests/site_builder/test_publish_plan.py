"""The publish plan and headers, without any target: order, release identity, headers,
and clear errors for a bad target or source (docs/publishing.md)."""

import gzip

import pytest
from django.core.management import CommandError, call_command

from site_builder.publish.headers import gzip_deterministic, headers_for
from site_builder.publish.plan import Stage, make_plan, scan_source
from site_builder.publish.release import Marker, MarkerError
from site_builder.publish.targets import TargetConfigurationError, open_target
from site_builder.publish.targets.s3 import S3Target
from tests.site_builder.fake_builds import booth_path, write_build


@pytest.mark.parametrize(
    ("path", "content_type", "cache_control"),
    [
        ("index.html", "text/html; charset=utf-8", "public, max-age=0, s-maxage=60, must-revalidate"),
        ("static/css/site.0a1b2c3d4e.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable"),
        ("static/js/boot.0a1b2c3d4e.mjs", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
        ("static/js/search.wasm", "application/wasm", "public, max-age=31536000, immutable"),
        ("media/models/pump.glb", "model/gltf-binary", "public, max-age=86400"),
        ("media/models/pump.gltf", "model/gltf+json", "public, max-age=86400"),
        ("media/video/a/index.m3u8", "application/vnd.apple.mpegurl", "public, max-age=86400"),
        ("media/video/a/seg0.ts", "video/mp2t", "public, max-age=86400"),
        ("media/images/a.avif", "image/avif", "public, max-age=86400"),
        ("media/images/a.webp", "image/webp", "public, max-age=86400"),
        ("manifest.webmanifest", "application/manifest+json", "public, max-age=0, s-maxage=60, must-revalidate"),
        ("sitemap.xml", "application/xml; charset=utf-8", "public, max-age=0, s-maxage=60, must-revalidate"),
        ("robots.txt", "text/plain; charset=utf-8", "public, max-age=0, s-maxage=60, must-revalidate"),
        ("media/documents/brochure.pdf", "application/pdf", "public, max-age=86400"),
        ("media/documents/data.csv.gz", "application/gzip", "public, max-age=86400"),
        ("media/unknown.blob", "application/octet-stream", "public, max-age=86400"),
    ],
)  # fmt: skip
def test_headers_say_what_each_file_is_and_how_long_to_keep_it(path, content_type, cache_control):
    headers = headers_for(path)
    assert (headers.content_type, headers.cache_control) == (content_type, cache_control)
    assert headers.content_encoding == ""


def test_a_precompressed_copy_is_served_as_its_original_with_its_encoding():
    headers = headers_for(
        "static/js/boot.0a1b2c3d4e.js.br", encoding_of="static/js/boot.0a1b2c3d4e.js"
    )
    assert headers.content_type == "text/javascript; charset=utf-8"
    assert headers.content_encoding == "br"


def test_gzip_is_deterministic():
    data = b"<html>" * 100
    assert gzip_deterministic(data) == gzip_deterministic(data)
    assert gzip.decompress(gzip_deterministic(data)) == data


def test_the_plan_puts_assets_first_new_pages_before_the_pages_linking_them_and_sitemaps_last(
    tmp_path,
):
    write_build(tmp_path / "v1", booths=[1, 2, 3])
    old = scan_source(tmp_path / "v1")
    live = make_plan(old, None, {}).marker
    write_build(tmp_path / "v2", booths=[1, 2, 4], texts={1: "Now with valves."})
    new = scan_source(tmp_path / "v2")
    present = {
        path: file.sha256 for path, file in new.items() if live.files.get(path) == file.sha256
    }

    plan = make_plan(new, live, present)

    stages = {planned.file.path: planned.stage for planned in plan.files}
    assert stages["media/images/booth-004.webp"] == Stage.ASSETS
    assert stages["manifest.webmanifest"] == Stage.OTHER
    assert stages[booth_path(4)] == Stage.NEW_PAGES
    assert stages[booth_path(1)] == Stage.CHANGED_PAGES
    assert stages["sitemaps/en.xml"] == Stage.SITEMAPS
    assert stages["sitemap.xml"] == stages["robots.txt"] == Stage.ENTRY_POINTS
    order = [planned.stage for planned in plan.files]
    assert order == sorted(order)
    assert [planned.file.path for planned in plan.uploads] == [
        "media/images/booth-004.webp",
        booth_path(4),
        booth_path(1),
        "en/expo-2026/index.html",
        "sitemaps/en.xml",
    ]
    assert set(plan.deletions) == {booth_path(3), "media/images/booth-003.webp"}
    # Pages a CDN may hold stale copies of: changed and removed ones, not new ones.
    assert plan.invalidate == (booth_path(1), booth_path(3), "en/expo-2026/index.html")


def test_the_release_id_is_the_content_and_the_builders_state_is_never_published(tmp_path):
    write_build(tmp_path / "a")
    write_build(tmp_path / "b")
    (tmp_path / "b" / "_build" / "manifest.sqlite3").write_bytes(b"different private state")
    first, second = scan_source(tmp_path / "a"), scan_source(tmp_path / "b")
    assert not any(path.startswith("_build/") for path in first)
    assert make_plan(first, None, {}).release_id == make_plan(second, None, {}).release_id
    write_build(tmp_path / "b", texts={2: "Changed."})
    assert (
        make_plan(first, None, {}).release_id
        != make_plan(scan_source(tmp_path / "b"), None, {}).release_id
    )


def test_publishing_the_live_release_again_is_a_noop(tmp_path):
    write_build(tmp_path)
    files = scan_source(tmp_path)
    live = make_plan(files, None, {}).marker.settled()
    plan = make_plan(files, live, {path: file.sha256 for path, file in files.items()})
    assert plan.is_noop and not plan.uploads and not plan.deletions and not plan.invalidate


def test_a_removed_theme_asset_is_kept_one_more_release(tmp_path):
    write_build(tmp_path, theme="blue")
    blue = make_plan(scan_source(tmp_path), None, {}).marker.settled()
    old_css = next(path for path in blue.files if path.endswith(".css"))
    write_build(tmp_path, theme="red")
    red = make_plan(scan_source(tmp_path), blue, {})
    assert old_css in red.retained and old_css not in red.deletions
    write_build(tmp_path, theme="green")
    green = make_plan(scan_source(tmp_path), red.marker.settled(), {})
    assert old_css in green.deletions


def test_marker_round_trips_and_rejects_garbage():
    marker = Marker("abc", {"index.html": "1"}, {"static/a.css": "2"}, {"x.html": "3"}, ("x.html",))
    assert Marker.from_bytes(marker.to_bytes()) == marker
    with pytest.raises(MarkerError, match="_release.json"):
        Marker.from_bytes(b"{not json")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/site", "Unsupported publish target"),
        ("/srv/expo", "Unsupported publish target"),
        ("file://server/srv/expo", "file:///absolute/path"),
        ("file:///", "no folder given"),
        ("s3://Not_A_Bucket/site", "Bad bucket target"),
        ("s3:///site", "Bad bucket target"),
    ],
)
def test_a_bad_target_url_is_a_clear_error(url, message, settings):
    with pytest.raises(TargetConfigurationError, match=message):
        open_target(url)


def test_a_bad_addressing_style_is_a_clear_error(settings):
    settings.S3_ADDRESSING_STYLE = "sideways"
    with pytest.raises(TargetConfigurationError, match="S3_ADDRESSING_STYLE"):
        S3Target("s3://expo-site/prefix")


def test_the_command_reports_bad_targets_and_sources_without_a_traceback(tmp_path, settings):
    settings.SITE_PUBLISH_TARGET = ""
    write_build(tmp_path / "site")
    with pytest.raises(CommandError, match="No publish target"):
        call_command("publish_site", source=str(tmp_path / "site"))
    with pytest.raises(CommandError, match="Unsupported publish target"):
        call_command("publish_site", target="http://example.com", source=str(tmp_path / "site"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError, match="no index.html"):
        call_command(
            "publish_site", target=f"file://{tmp_path}/out", source=str(tmp_path / "empty")
        )
    assert not (tmp_path / "out" / "current").exists()
