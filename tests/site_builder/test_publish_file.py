"""Publishing to a folder: one folder per release, `current` switched by one rename."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from site_builder.publish.plan import scan_source
from site_builder.publish.publish import publish
from site_builder.publish.release import compute_release_id
from tests.site_builder.fake_builds import booth_path, dangling_references, write_build


@pytest.fixture(autouse=True)
def no_cdn(settings):
    settings.SITE_CDN = {
        "default": {"BACKEND": "site_builder.publish.cdn.none.NoCDNBackend", "OPTIONS": {}}
    }


def live_files(target: Path) -> dict[str, bytes]:
    current = target / "current"
    return {
        path.relative_to(current).as_posix(): path.read_bytes()
        for path in current.rglob("*")
        if path.is_file()
    }


def snapshot(folder: Path) -> dict[str, tuple]:
    return {
        str(path.relative_to(folder)): (
            path.is_symlink() and os.readlink(path),
            path.stat().st_mtime_ns,
        )
        for path in folder.rglob("*")
    }


def test_first_publish_makes_a_complete_release_the_document_root(tmp_path):
    files = write_build(tmp_path / "build")
    target = tmp_path / "www"

    report = publish(tmp_path / "build", f"file://{target}")

    assert os.readlink(target / "current") == f"releases/{report.release_id}"
    served = live_files(target)
    assert {path: data for path, data in served.items() if path != "_release.json"} == files
    assert not dangling_references(served.__getitem__, set(served))
    assert len(report.uploaded) == len(files) and report.unchanged == 0
    assert report.previous_release_id == ""


def test_second_publish_copies_only_changed_files_and_links_the_rest(tmp_path):
    build, target = tmp_path / "build", tmp_path / "www"
    write_build(build, booths=[1, 2, 3])
    first = publish(build, f"file://{target}")
    new_files = write_build(build, booths=[1, 2, 4], texts={1: "Now with valves."})

    second = publish(build, f"file://{target}")

    assert sorted(second.uploaded) == sorted(
        [
            booth_path(1),
            booth_path(4),
            "en/expo-2026/index.html",
            "media/images/booth-004.webp",
            "sitemaps/en.xml",
        ]
    )
    assert second.unchanged == len(new_files) - 5
    assert sorted(second.deleted) == [booth_path(3), "media/images/booth-003.webp"]
    old_release = target / "releases" / first.release_id
    new_release = target / "releases" / second.release_id
    # Unchanged files are the same inode as in the previous release: no copy, no space.
    assert (new_release / booth_path(2)).stat().st_ino == (
        old_release / booth_path(2)
    ).stat().st_ino
    served = live_files(target)
    assert booth_path(3) not in served and served[booth_path(1)] == new_files[booth_path(1)]
    assert not dangling_references(served.__getitem__, set(served))
    # The previous release is still whole on disk: rollback is relinking `current`.
    assert (old_release / booth_path(3)).is_file()


def test_publishing_the_same_build_again_changes_nothing(tmp_path):
    build, target = tmp_path / "build", tmp_path / "www"
    write_build(build)
    first = publish(build, f"file://{target}")
    before = snapshot(target)

    again = publish(build, f"file://{target}")

    assert again.noop and again.release_id == first.release_id
    assert again.uploaded == [] and again.deleted == [] and again.invalidated == []
    assert snapshot(target) == before


def test_dry_run_prints_the_plan_and_changes_nothing(tmp_path):
    build, target = tmp_path / "build", tmp_path / "www"
    write_build(build, booths=[1, 2, 3])
    publish(build, f"file://{target}")
    write_build(build, booths=[1, 2, 4])
    before = snapshot(target)
    out = StringIO()

    call_command(
        "publish_site", target=f"file://{target}", source=str(build), dry_run=True, stdout=out
    )

    assert snapshot(target) == before
    output = out.getvalue()
    assert f"would upload {booth_path(4)}" in output
    assert f"would delete {booth_path(3)}" in output
    assert "Dry run, nothing changed" in output and "would upload 4," in output


def test_dry_run_on_a_new_target_creates_nothing(tmp_path):
    write_build(tmp_path / "build")
    report = publish(tmp_path / "build", f"file://{tmp_path}/www", dry_run=True)
    assert report.dry_run and len(report.uploaded) == 21
    assert not (tmp_path / "www").exists()


def test_no_delete_keeps_removed_pages_until_a_publish_that_deletes(tmp_path):
    build, target = tmp_path / "build", tmp_path / "www"
    write_build(build, booths=[1, 2, 3])
    publish(build, f"file://{target}")
    write_build(build, booths=[1, 2])

    kept = publish(build, f"file://{target}", delete=False)
    assert kept.deleted == [] and booth_path(3) in live_files(target)

    removed = publish(build, f"file://{target}")
    assert booth_path(3) in removed.deleted and booth_path(3) not in live_files(target)


def test_old_releases_are_pruned_to_the_last_three(tmp_path):
    build, target = tmp_path / "build", tmp_path / "www"
    ids = []
    for number in range(5):
        write_build(build, texts={1: f"Edition {number}."})
        ids.append(publish(build, f"file://{target}").release_id)
    assert {path.name for path in (target / "releases").iterdir()} == set(ids[-3:])


def test_a_half_built_release_folder_is_reused_without_its_leftovers(tmp_path):
    build, target = tmp_path / "build", tmp_path / "www"
    write_build(build, booths=[1, 2])
    publish(build, f"file://{target}")
    files = write_build(build, booths=[1, 2, 3])
    release_id = compute_release_id(
        {path: file.sha256 for path, file in scan_source(build).items()}
    )
    half_built = target / "releases" / release_id
    (half_built / "en").mkdir(parents=True)
    (half_built / "en" / ".index.html.123.tmp").write_bytes(b"<html>half written")
    (half_built / "en" / "index.html").write_bytes(files["en/index.html"])  # complete: reused
    (half_built / "old-page").mkdir()
    (half_built / "old-page" / "index.html").write_bytes(b"not in this release")

    report = publish(build, f"file://{target}")

    assert report.release_id == release_id and "en/index.html" not in report.uploaded
    assert set(live_files(target)) == set(files) | {"_release.json"}
    assert not (half_built / "old-page").exists()
