"""A real Meilisearch for the search tests (CONVENTIONS: real services where the product
uses them): one process per test session on a free port, with a throw-away data directory
and master key; each test gets its own index prefix, so tests never see each other's
documents (page ids repeat across tests on SQLite) and need no cleanup between them."""

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def meilisearch_binary():
    """settings.MEILI_BINARY, installed by the project's script when it is missing."""
    binary = Path(settings.MEILI_BINARY)
    if not os.access(binary, os.X_OK):
        subprocess.run(["bash", str(ROOT / "scripts" / "install_meilisearch.sh")], check=True)
    return binary


def scratch_dir(tmp_path_factory):
    """A RAM-backed directory when there is one: Meilisearch syncs to disk on every write,
    which on a busy disk makes a ten-document batch take seconds instead of milliseconds."""
    shm = Path("/dev/shm")  # noqa: S108 (mkdtemp below makes a private directory)
    if shm.is_dir() and os.access(shm, os.W_OK):
        return Path(tempfile.mkdtemp(prefix="meili-test-", dir=shm))
    return tmp_path_factory.mktemp("meilisearch")


@pytest.fixture(scope="session")
def meili_server(tmp_path_factory):
    data = scratch_dir(tmp_path_factory)
    port, key = free_port(), secrets.token_urlsafe(24)
    env = {name: value for name, value in os.environ.items() if not name.startswith("MEILI_")}
    env.update(
        MEILI_DB_PATH=str(data / "data.ms"),
        MEILI_HTTP_ADDR=f"127.0.0.1:{port}",
        MEILI_MASTER_KEY=key,
        MEILI_NO_ANALYTICS="true",
        MEILI_DUMP_DIR=str(data / "dumps"),
        MEILI_LOG_LEVEL="WARN",
    )
    with open(data / "meilisearch.log", "ab") as log:
        process = subprocess.Popen(
            [str(meilisearch_binary())], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=data
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{url}/health", timeout=1).ok:
                break
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError((data / "meilisearch.log").read_text())
        time.sleep(0.05)
    yield SimpleNamespace(url=url, key=key, process=process)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture
def meili(meili_server, settings):
    """Settings pointing at the session's Meilisearch, with an index prefix of this test's own."""
    settings.MEILI_URL = meili_server.url
    settings.MEILI_MASTER_KEY = meili_server.key
    settings.MEILI_PUBLIC_URL = ""
    settings.MEILI_INDEX_PREFIX = f"t{uuid.uuid4().hex[:10]}"
    yield meili_server
    _delete_indexes(meili_server, settings.MEILI_INDEX_PREFIX)


@pytest.fixture(scope="module")
def search_show(django_db_setup, django_db_blocker):
    """The two-language show of search_catalogue, built once per test module.

    Building pages is the slow part of these tests, so the show is made once inside a
    transaction that stays open for the module: each test runs in a savepoint within it
    (pytest-django's `db`), and the whole show is rolled back after the module's last test.
    """
    from django.db import transaction

    from booths.demo.indexing import automatic_indexing_paused
    from booths.site_setup import ensure_site
    from tests.site_builder.search_catalogue import build_show

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with automatic_indexing_paused():
                ensure_site(locales=["en"])
                show = build_show()
            yield show
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def indexed_show(search_show, meili_server, django_db_blocker):
    """The show indexed once per module (a full reindex) under a prefix of the module's own.
    Tests that change the index use `meili` as well, which gives them a fresh prefix."""
    from django.test import override_settings

    from site_builder.search.indexer import reindex_all

    prefix = f"m{uuid.uuid4().hex[:10]}"
    with override_settings(
        MEILI_URL=meili_server.url,
        MEILI_MASTER_KEY=meili_server.key,
        MEILI_PUBLIC_URL="",
        MEILI_INDEX_PREFIX=prefix,
    ):
        with django_db_blocker.unblock():
            reindex_all()
        yield search_show
    _delete_indexes(meili_server, prefix)


def _delete_indexes(server, prefix):
    import meilisearch

    client = meilisearch.Client(server.url, server.key)
    for index in client.get_raw_indexes({"limit": 1000})["results"]:
        if index["uid"].startswith(f"{prefix}_"):
            client.delete_index(index["uid"])
