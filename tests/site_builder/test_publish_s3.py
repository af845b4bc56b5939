"""Publishing to an S3-compatible bucket (moto's standalone server, over real HTTP)."""

import gzip
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command

from site_builder.publish.publish import publish
from tests.site_builder.fake_builds import booth_path, dangling_references, write_build
from tests.site_builder.s3_server import (  # noqa: F401 (fixtures)
    aws_env_fixture,
    bucket_fixture,
    moto_server_fixture,
)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_first_publish_uploads_every_file_with_the_right_headers(tmp_path, bucket):
    files = write_build(tmp_path)
    report = publish(tmp_path, bucket.target_url)

    assert bucket.paths() == set(files) | {"_release.json"}
    marker = bucket.marker()
    assert marker["release_id"] == report.release_id
    assert marker["files"] == {path: sha256(data) for path, data in files.items()}
    assert all(bucket.sha256(path) == sha256(data) for path, data in files.items())

    css = next(path for path in files if path.endswith(".css"))
    js = next(path for path in files if path.endswith(".js"))
    expected = {
        # path: (Content-Type, Cache-Control, Content-Encoding)
        "index.html": ("text/html; charset=utf-8", "public, max-age=0, s-maxage=60, must-revalidate", "gzip"),
        booth_path(1): ("text/html; charset=utf-8", "public, max-age=0, s-maxage=60, must-revalidate", "gzip"),
        css: ("text/css; charset=utf-8", "public, max-age=31536000, immutable", "gzip"),
        js: ("text/javascript; charset=utf-8", "public, max-age=31536000, immutable", "gzip"),
        js + ".gz": ("text/javascript; charset=utf-8", "public, max-age=31536000, immutable", "gzip"),
        "media/models/pump.glb": ("model/gltf-binary", "public, max-age=86400", None),
        "media/images/booth-001.webp": ("image/webp", "public, max-age=86400", None),
        "media/video/intro/index.m3u8": ("application/vnd.apple.mpegurl", "public, max-age=86400", None),
        "media/video/intro/seg0.ts": ("video/mp2t", "public, max-age=86400", None),
        "manifest.webmanifest": ("application/manifest+json", "public, max-age=0, s-maxage=60, must-revalidate", None),
        "sitemap.xml": ("application/xml; charset=utf-8", "public, max-age=0, s-maxage=60, must-revalidate", "gzip"),
        "robots.txt": ("text/plain; charset=utf-8", "public, max-age=0, s-maxage=60, must-revalidate", None),
    }  # fmt: skip
    for path, (content_type, cache_control, encoding) in expected.items():
        response = bucket.get(path)
        assert response.status_code == 200, path
        got = (
            response.headers["Content-Type"],
            response.headers["Cache-Control"],
            response.headers.get("Content-Encoding"),
        )
        assert got == (content_type, cache_control, encoding), path
        # requests undoes the Content-Encoding as a browser does: the original bytes.
        original = files[path] if not path.endswith(".gz") else gzip.decompress(files[path])
        assert response.content == original, path
    # The build's own .gz is what is served for the .js (not compressed a second time).
    raw = bucket.client.get_object(Bucket=bucket.name, Key=f"{bucket.prefix}/{js}")["Body"].read()
    assert raw == files[js + ".gz"]
    # The builder's private state never leaves the machine.
    assert bucket.get("_build/manifest.sqlite3").status_code in (403, 404)


def test_second_publish_uploads_only_changed_files_and_deletes_after_the_marker(tmp_path, bucket):
    write_build(tmp_path, booths=[1, 2, 3])
    first = publish(tmp_path, bucket.target_url)
    files = write_build(tmp_path, booths=[1, 2, 4], texts={1: "Now with valves."})
    events = []

    second = publish(tmp_path, bucket.target_url, progress=lambda *event: events.append(event[:2]))

    changed = [
        "media/images/booth-004.webp",
        booth_path(4),
        booth_path(1),
        "en/expo-2026/index.html",
        "sitemaps/en.xml",
    ]
    assert second.uploaded == changed
    assert second.unchanged == len(files) - len(changed)
    assert second.previous_release_id == first.release_id
    actions = [action for action, _subject in events if action != "keep"]
    live_at = actions.index("live")
    assert set(actions[:live_at]) == {"upload"} and set(actions[live_at + 1 :]) == {"delete"}
    assert [subject for action, subject in events if action == "delete"] == [
        booth_path(3),
        "media/images/booth-003.webp",
    ]
    assert bucket.get(booth_path(3)).status_code == 404
    assert bucket.paths() == set(files) | {"_release.json"}
    marker = bucket.marker()
    assert marker["release_id"] == second.release_id
    assert marker["pending"] == {"delete": {}, "invalidate": []}

    # The same build again: a no-op that does not even rewrite the marker.
    marker_bytes = bucket.get("_release.json").content
    again = publish(tmp_path, bucket.target_url)
    assert again.noop and again.uploaded == [] and again.deleted == []
    assert bucket.get("_release.json").content == marker_bytes


def test_dry_run_prints_what_would_happen_and_changes_nothing(tmp_path, bucket):
    write_build(tmp_path, booths=[1, 2, 3])
    publish(tmp_path, bucket.target_url)
    write_build(tmp_path, booths=[1, 2, 4])
    paths_before, marker_before = bucket.paths(), bucket.get("_release.json").content
    out = StringIO()

    call_command(
        "publish_site", target=bucket.target_url, source=str(tmp_path), dry_run=True, stdout=out
    )

    assert bucket.paths() == paths_before
    assert bucket.get("_release.json").content == marker_before
    assert bucket.get(booth_path(4)).status_code == 404
    assert f"would upload {booth_path(4)}" in out.getvalue()
    assert f"would delete {booth_path(3)}" in out.getvalue()


class Interrupted(Exception):
    pass


def interrupt_after(count):
    seen = []

    def progress(action, subject, size):
        if action == "upload":
            seen.append(subject)
            if len(seen) == count:
                raise Interrupted(subject)

    return progress


def test_an_interrupted_publish_leaves_the_old_release_and_a_rollback_repairs_what_it_touched(
    tmp_path, bucket
):
    v1 = write_build(tmp_path, booths=[1, 2, 3])
    first = publish(tmp_path, bucket.target_url)
    write_build(tmp_path, booths=[1, 2, 3], texts={1: "v2", 2: "v2", 3: "v2"})

    with pytest.raises(Interrupted):
        publish(tmp_path, bucket.target_url, progress=interrupt_after(2))

    marker = bucket.marker()
    assert marker["release_id"] == first.release_id
    assert marker["next"]["touched"]  # what the interrupted run may have overwritten
    paths = bucket.paths()
    assert set(v1) <= paths
    assert not dangling_references(lambda path: bucket.get(path).content, paths)

    # Publishing the old build again must not trust the old file list for touched pages.
    write_build(tmp_path, booths=[1, 2, 3])
    back = publish(tmp_path, bucket.target_url)
    assert back.release_id == first.release_id
    assert back.uploaded  # the pages the interrupted run had replaced
    for path, data in v1.items():
        assert bucket.get(path).content == (gzip.decompress(data) if path.endswith(".gz") else data)
    assert bucket.marker()["next"] == {"release_id": "", "touched": []}


def test_changed_header_rules_upload_everything_again_once(tmp_path, bucket, monkeypatch):
    from site_builder.publish import headers, plan
    from site_builder.publish.targets import s3

    files = write_build(tmp_path)
    publish(tmp_path, bucket.target_url)
    bumped = headers.HEADERS_VERSION + 1
    for module in (headers, plan, s3):
        monkeypatch.setattr(module, "HEADERS_VERSION", bumped)

    again = publish(tmp_path, bucket.target_url)

    assert sorted(again.uploaded) == sorted(files)
    assert bucket.marker()["headers_version"] == bumped
    assert publish(tmp_path, bucket.target_url).noop
