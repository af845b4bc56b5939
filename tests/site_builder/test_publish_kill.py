"""kill -9 in the middle of `manage.py publish_site`, for both targets: the previous release
keeps serving, whole and consistent, and running the command again finishes the job
(ARCHITECTURE property 4).

The command prints one line per uploaded file. Its stdout is a pipe shrunk to one page
(4096 bytes, read here without buffering), so the publisher is never more than ~80 lines of
~50 bytes ahead of what this test has read: killing it after reading 5 upload lines lands
within the first ~90 of the ~105 uploads, before the sitemaps and the marker, every time and
without any test hook in the product code.
"""

import fcntl
import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.publish.publish import publish
from tests.site_builder.fake_builds import booth_path, dangling_references, write_build
from tests.site_builder.s3_server import (  # noqa: F401 (fixtures)
    aws_env_fixture,
    bucket_fixture,
    moto_server_fixture,
    s3_settings_env,
)

ROOT = Path(__file__).resolve().parents[2]
BOOTHS_BEFORE = range(1, 101)
BOOTHS_AFTER = range(2, 102)  # booth 1 leaves, 101 arrives; the new theme changes every page
IMAGES = range(1, 11)  # photos on a few booths only: fewer files to seed, same coverage
KILL_AFTER_UPLOADS = 5


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def start_publish(target_url: str, source: Path, env: dict, log: Path) -> tuple:
    read_end, write_end = os.pipe()
    if hasattr(fcntl, "F_SETPIPE_SZ"):
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    with log.open("wb") as errors:
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "publish_site",
                "--target",
                target_url,
                "--source",
                str(source),
            ],
            cwd=ROOT,
            stdout=write_end,
            stderr=errors,
            env={
                **os.environ,
                **env,
                "DJANGO_SETTINGS_MODULE": "cms.settings.test",
                "PYTHONUNBUFFERED": "1",
                "TEST_MEDIA_ROOT": str(log.parent / "media"),
            },
        )
    os.close(write_end)
    # Unbuffered: this side holds no read-ahead, so the pipe alone bounds the lead.
    return process, os.fdopen(read_end, "rb", buffering=0)


def kill_midway(process, stdout, log: Path) -> list[str]:
    uploaded = []
    with stdout:
        while len(uploaded) < KILL_AFTER_UPLOADS:
            line = stdout.readline()
            if not line:
                process.wait()
                pytest.fail(f"publish_site ended before the kill: {log.read_text()}")
            if line.startswith(b"upload "):
                uploaded.append(line.split()[1].decode())
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    return uploaded


def test_kill_during_a_folder_publish_then_rerun(tmp_path, settings):
    settings.SITE_CDN = {
        "default": {"BACKEND": "site_builder.publish.cdn.none.NoCDNBackend", "OPTIONS": {}}
    }
    build, target = tmp_path / "build", tmp_path / "www"
    old = write_build(build, booths=BOOTHS_BEFORE, images=IMAGES)
    first = publish(build, f"file://{target}")
    new = write_build(build, booths=BOOTHS_AFTER, images=IMAGES, theme="red")

    process, stdout = start_publish(f"file://{target}", build, {}, tmp_path / "stderr.log")
    kill_midway(process, stdout, tmp_path / "stderr.log")

    current = target / "current"
    assert os.readlink(current) == f"releases/{first.release_id}"
    served = {path.relative_to(current).as_posix() for path in current.rglob("*") if path.is_file()}
    assert served == set(old) | {"_release.json"}
    assert all((current / path).read_bytes() == data for path, data in old.items())
    assert not dangling_references(lambda path: (current / path).read_bytes(), served)
    half_built = [
        folder for folder in (target / "releases").iterdir() if folder.name != first.release_id
    ]
    assert len(half_built) == 1 and not (half_built[0] / "_release.json").exists()

    rerun = publish(build, f"file://{target}")

    assert (
        os.readlink(current) == f"releases/{rerun.release_id}"
        and half_built[0].name == rerun.release_id
    )
    served = {path.relative_to(current).as_posix() for path in current.rglob("*") if path.is_file()}
    old_css = next(path for path in old if path.endswith(".css"))
    assert served == set(new) | {
        "_release.json",
        old_css,
    }  # the old stylesheet has one release of grace
    assert all((current / path).read_bytes() == data for path, data in new.items())
    assert booth_path(1) not in served and "media/images/booth-001.webp" not in served
    assert not dangling_references(lambda path: (current / path).read_bytes(), served)
    # The rerun only wrote what the killed run had not: nothing is uploaded twice.
    changed = [path for path, data in new.items() if old.get(path) != data]
    assert KILL_AFTER_UPLOADS <= len(changed) - len(rerun.uploaded)
    assert sorted(rerun.deleted) == [booth_path(1), "media/images/booth-001.webp"]


def test_kill_during_a_bucket_publish_then_rerun(tmp_path, bucket):
    build = tmp_path / "build"
    old = write_build(build, booths=BOOTHS_BEFORE, images=IMAGES)
    first = publish(build, bucket.target_url)
    new = write_build(build, booths=BOOTHS_AFTER, images=IMAGES, theme="red")
    log = tmp_path / "stderr.log"

    process, stdout = start_publish(bucket.target_url, build, s3_settings_env(bucket.server), log)
    killed_after = kill_midway(process, stdout, log)

    marker = bucket.marker()
    assert marker["release_id"] == first.release_id  # the live marker still names the old release
    assert set(killed_after) <= set(marker["next"]["touched"])
    paths = bucket.paths()
    assert set(old) <= paths  # nothing of the live release was deleted
    assert set(killed_after) <= paths
    # The kill landed in the middle of the uploads: the sitemap goes up after all pages.
    assert bucket.sha256("sitemaps/en.xml") == sha256(old["sitemaps/en.xml"])
    # Every page (old, or already replaced) finds every file it refers to.
    assert not dangling_references(lambda path: bucket.get(path).content, paths)

    rerun = publish(build, bucket.target_url)

    marker = bucket.marker()
    assert marker["release_id"] == rerun.release_id and marker["next"]["touched"] == []
    old_css = next(path for path in old if path.endswith(".css"))
    assert bucket.paths() == set(new) | {"_release.json", old_css}
    assert bucket.get(booth_path(1)).status_code == 404  # removed only now
    for path in (booth_path(2), booth_path(101), "sitemaps/en.xml", "index.html"):
        assert bucket.get(path).content == new[path]
    assert not dangling_references(lambda path: bucket.get(path).content, bucket.paths())
    changed = [path for path, data in new.items() if old.get(path) != data]
    assert len(rerun.uploaded) <= len(changed) - len(killed_after)
