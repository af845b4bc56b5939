"""Golden output: a small two-language site built and compared file by file with a
committed tree (CONVENTIONS, after pelican's tests/output/).

A difference fails with the first differing file and line. After an intended change to
the theme or the builder, regenerate the tree and review its diff like code:
`UPDATE_GOLDEN=1 .venv/bin/pytest tests/site_builder/test_golden.py`.
"""

import difflib
import os
import re
import shutil
from pathlib import Path

import pytest

from site_builder.build import build
from tests.site_builder.small_site import build_small_site

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"
# What legitimately differs between runs and databases: primary keys, and the content
# hashes in the theme's file names (they change with every CSS or JS edit).
NORMALISE = [
    (re.compile(r"\b(booth|exhibit):\d+"), r"\1:ID"),
    (re.compile(r'data-page-id="\d+"'), 'data-page-id="ID"'),
    (re.compile(r"engagement-title-\d+"), "engagement-title-ID"),
    (re.compile(r"(/static/theme/[\w-]+)\.[\w-]+\.(css|js)"), r"\1.HASH.\2"),
]


def normalised(text):
    for pattern, replacement in NORMALISE:
        text = pattern.sub(replacement, text)
    return text


def text_files(root):
    return {
        str(path.relative_to(root)): normalised(path.read_text(encoding="utf-8"))
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.suffix in {".html", ".xml", ".txt"}
    }


@pytest.fixture
def site_build(tmp_path, settings):
    from booths.site_setup import ensure_home_page, ensure_site

    settings.MEILI_URL = "http://127.0.0.1:9"  # search down: a fixed "unavailable" page
    settings.MEILI_MASTER_KEY = "unused"
    settings.SITE_PUBLIC_URL = "https://expo.example.com"
    ensure_site(locales=["en"])
    build_small_site(ensure_home_page())
    build(out=tmp_path, index_search=False)
    return tmp_path


def test_small_site_matches_the_committed_golden_tree(site_build):
    built = text_files(site_build)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, text in built.items():
            target = GOLDEN / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    golden = text_files(GOLDEN)

    assert sorted(built) == sorted(golden)
    for name in sorted(golden):
        if built[name] != golden[name]:
            diff = "".join(
                list(
                    difflib.unified_diff(
                        golden[name].splitlines(True),
                        built[name].splitlines(True),
                        f"golden/{name}",
                        f"built/{name}",
                    )
                )[:40]
            )
            pytest.fail(f"{name} differs from the golden tree:\n{diff}")
