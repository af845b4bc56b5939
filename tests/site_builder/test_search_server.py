"""Meilisearch as a real process: the embedded one the commands start and reuse, and a
clear SearchUnavailable when it cannot be reached (ARCHITECTURE property 7)."""

import os
import shutil
import stat
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from site_builder.search import server
from site_builder.search.indexer import update_pages
from site_builder.search.server import SearchUnavailable, ensure_embedded, get_client, stop_embedded
from site_builder.search.ui_config import search_ui_config
from tests.site_builder.conftest import ROOT, free_port, meilisearch_binary, scratch_dir


@pytest.fixture
def embedded(settings, tmp_path_factory):
    """Settings for an embedded server of this test's own (data directory, port)."""
    settings.MEILI_URL = ""
    settings.MEILI_BINARY = str(meilisearch_binary())
    settings.MEILI_DATA_DIR = scratch_dir(tmp_path_factory)
    settings.MEILI_EMBEDDED_ADDR = f"127.0.0.1:{free_port()}"
    yield settings
    stop_embedded()
    shutil.rmtree(settings.MEILI_DATA_DIR, ignore_errors=True)


def test_the_embedded_server_is_started_once_and_reused(embedded):
    data = Path(embedded.MEILI_DATA_DIR)
    # Three commands at once: the lock lets one start it, the others reuse it.
    results = []
    threads = [threading.Thread(target=lambda: results.append(ensure_embedded())) for _ in "abc"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({conn.url for conn in results}) == 1
    pid = int((data / "meilisearch.pid").read_text())
    assert sum(1 for process in server._started if process.poll() is None) == 1

    key_file = data / "master.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert results[0].api_key == key_file.read_text().strip()
    assert get_client().is_healthy()
    assert (data / "meilisearch.log").exists()

    # A later command reuses the running server and the same key.
    again = ensure_embedded()
    assert again == results[0]
    assert int((data / "meilisearch.pid").read_text()) == pid

    # Stopped, it is started again on demand with the key it was given the first time.
    assert stop_embedded()
    assert not server._probe(again) == "ok"
    assert ensure_embedded().api_key == again.api_key
    assert int((data / "meilisearch.pid").read_text()) != pid


def test_a_missing_binary_says_how_to_install_it(embedded):
    embedded.MEILI_BINARY = "/nonexistent/meilisearch"
    with pytest.raises(SearchUnavailable, match="make meilisearch"):
        get_client()


def test_an_unreachable_server_is_search_unavailable(settings):
    settings.MEILI_URL = f"http://127.0.0.1:{free_port()}"
    settings.MEILI_MASTER_KEY = "whatever-key"
    with pytest.raises(SearchUnavailable, match="does not answer"):
        get_client()
    with pytest.raises(SearchUnavailable):
        update_pages([1, 2])
    assert search_ui_config("en") is None
    with pytest.raises(CommandError, match="does not answer"):
        call_command("search", "table")


def test_a_wrong_or_missing_key_is_search_unavailable(meili, settings):
    settings.MEILI_MASTER_KEY = "not-the-master-key"
    with pytest.raises(SearchUnavailable, match="refuses"):
        get_client()
    settings.MEILI_MASTER_KEY = ""
    with pytest.raises(SearchUnavailable, match="without MEILI_MASTER_KEY"):
        get_client()


def test_the_install_script_is_quick_when_the_binary_is_there():
    meilisearch_binary()
    started = time.monotonic()
    subprocess.run(
        ["bash", "scripts/install_meilisearch.sh"], cwd=ROOT, check=True, env={**os.environ}
    )
    assert time.monotonic() - started < 2
