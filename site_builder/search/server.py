"""Where Meilisearch is: a configured server (MEILI_URL) or an embedded process we start.

ARCHITECTURE property 7 (embedded default, real production parts): with MEILI_URL set the
commands talk to that server with MEILI_MASTER_KEY; without it they start, or reuse, a
local Meilisearch (settings.MEILI_BINARY, installed by scripts/install_meilisearch.sh) on
settings.MEILI_EMBEDDED_ADDR with its data, master key, pid file and log under
settings.MEILI_DATA_DIR. The process is detached so that it outlives the command that
started it and the next command reuses it; a file lock keeps two commands from starting
two servers on the same data.

Whatever goes wrong on the way (no binary, a closed port, a rejected key) surfaces as
`SearchUnavailable`, which the site builder logs before retrying later: a build without
search is still a build (the search page says search is unavailable).
"""

import contextlib
import fcntl
import logging
import os
import secrets
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import meilisearch
import requests
from django.conf import settings
from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchTimeoutError,
)

logger = logging.getLogger(__name__)

PROBE_TIMEOUT = 2  # seconds: /health answers at once when the server is up
CLIENT_TIMEOUT = 60  # seconds per HTTP request: large document batches take a while to send
START_TIMEOUT = 30  # seconds for a fresh process to answer /health

# Popen objects of the processes this interpreter started: held so that Python does not
# warn that they are "still running" when they are garbage-collected (they are meant to).
_started = []


class SearchUnavailable(Exception):
    """Meilisearch cannot be reached or used now; indexing should be retried later."""


@dataclass(frozen=True)
class Connection:
    url: str
    api_key: str
    embedded: bool


def connection():
    """The server to use: MEILI_URL when set, else the embedded one (started if need be)."""
    if settings.MEILI_URL:
        if not settings.MEILI_MASTER_KEY:
            # Without a master key Meilisearch has no keys: anyone could write to it, and
            # no search-only key can be made for browsers (SPEC 4.5).
            raise SearchUnavailable("MEILI_URL is set without MEILI_MASTER_KEY.")
        conn = Connection(settings.MEILI_URL, settings.MEILI_MASTER_KEY, embedded=False)
        _raise_unless_usable(conn)
        return conn
    return ensure_embedded()


def get_client(timeout=CLIENT_TIMEOUT):
    """A Meilisearch client with the master key, for server-side code only.

    Raises SearchUnavailable when the server is down, unreachable or refuses the key.
    """
    conn = connection()
    return meilisearch.Client(conn.url, conn.api_key or None, timeout=timeout)


def public_url():
    """The Meilisearch address browsers use: MEILI_PUBLIC_URL, else the server's own."""
    return settings.MEILI_PUBLIC_URL or connection().url


@contextlib.contextmanager
def unavailable_on_error():
    """Turn connection failures and timeouts met while talking to Meilisearch into
    SearchUnavailable, so callers have one exception to catch."""
    try:
        yield
    except (MeilisearchCommunicationError, requests.ConnectionError, requests.Timeout) as error:
        raise SearchUnavailable(f"Meilisearch stopped answering: {error}") from error
    except MeilisearchTimeoutError as error:
        raise SearchUnavailable(f"Meilisearch did not finish in time: {error}") from error
    except MeilisearchApiError as error:
        if error.status_code in (401, 403):
            raise SearchUnavailable(f"Meilisearch refused the key: {error.message}") from error
        raise


# --- probing -------------------------------------------------------------------------------


def _probe(conn):
    """ "ok", "down" (nothing answers /health) or "refused" (it answers but not to our key)."""
    try:
        health = requests.get(f"{conn.url}/health", timeout=PROBE_TIMEOUT)
        if health.status_code != 200 or health.json().get("status") != "available":
            return "down"
    except (requests.RequestException, ValueError):
        return "down"
    headers = {"Authorization": f"Bearer {conn.api_key}"} if conn.api_key else {}
    try:
        answer = requests.get(
            f"{conn.url}/indexes", params={"limit": 1}, headers=headers, timeout=PROBE_TIMEOUT
        )
    except requests.RequestException:
        return "down"
    return "ok" if answer.status_code == 200 else "refused"


def _raise_unless_usable(conn):
    state = _probe(conn)
    if state == "down":
        raise SearchUnavailable(f"Meilisearch at {conn.url} does not answer.")
    if state == "refused":
        raise SearchUnavailable(f"Meilisearch at {conn.url} refuses MEILI_MASTER_KEY.")


# --- the embedded process -----------------------------------------------------------------


def _data_dir():
    return Path(settings.MEILI_DATA_DIR)


def _paths():
    data_dir = _data_dir()
    return {
        "key": data_dir / "master.key",
        "pid": data_dir / "meilisearch.pid",
        "log": data_dir / "meilisearch.log",
        "lock": data_dir / "meilisearch.lock",
        "db": data_dir / "data.ms",
        "dumps": data_dir / "dumps",
        "snapshots": data_dir / "snapshots",
    }


def _master_key(path):
    """The embedded server's master key: generated once, readable by this user only."""
    if path.exists():
        key = path.read_text().strip()
        if key:
            return key
    key = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    os.chmod(path, 0o600)  # also when the file existed empty with looser permissions
    return key


@contextlib.contextmanager
def _locked(path):
    """An exclusive lock across processes (and threads: each open() is its own lock)."""
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _running_pid(pid_path):
    """The pid in the pid file if that process is alive and is a Meilisearch, else None."""
    try:
        pid = int(pid_path.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return pid  # not Linux: trust the pid file
    return pid if b"meilisearch" in command else None


def embedded_connection():
    """The embedded server's address and key, whether or not it is running."""
    paths = _paths()
    _data_dir().mkdir(parents=True, exist_ok=True)
    return Connection(f"http://{settings.MEILI_EMBEDDED_ADDR}", _master_key(paths["key"]), True)


def ensure_embedded():
    """Reuse the embedded Meilisearch if it answers with our key, else start it.

    Returns its Connection. Raises SearchUnavailable when the binary is missing, another
    server holds the address, or the process does not come up (the log's tail says why).
    """
    paths = _paths()
    _data_dir().mkdir(parents=True, exist_ok=True)
    with _locked(paths["lock"]):
        conn = embedded_connection()
        state = _probe(conn)
        if state == "ok":
            return conn
        if state == "refused":
            raise SearchUnavailable(
                f"{settings.MEILI_EMBEDDED_ADDR} is answered by a Meilisearch that refuses the "
                f"key in {paths['key']}; stop it or set MEILI_EMBEDDED_ADDR to a free address."
            )
        pid = _running_pid(paths["pid"])
        if pid is None:
            process = _start(conn, paths)
            pid = process.pid
        _wait_until_up(conn, pid, paths["log"])
        return conn


def _start(conn, paths):
    binary = Path(settings.MEILI_BINARY)
    if not os.access(binary, os.X_OK):
        raise SearchUnavailable(
            f"No Meilisearch binary at {binary}: run `make meilisearch` "
            "(scripts/install_meilisearch.sh) or set MEILI_URL."
        )
    # Our own MEILI_* variables (MEILI_URL ...) are not the server's options.
    env = {key: value for key, value in os.environ.items() if not key.startswith("MEILI_")}
    env.update(
        MEILI_DB_PATH=str(paths["db"]),
        MEILI_HTTP_ADDR=settings.MEILI_EMBEDDED_ADDR,
        # The key goes through the environment, not argv, where `ps` would show it.
        MEILI_MASTER_KEY=conn.api_key,
        MEILI_NO_ANALYTICS="true",
        # Production mode: the key is mandatory and the built-in search preview UI is off.
        MEILI_ENV="production",
        MEILI_DUMP_DIR=str(paths["dumps"]),
        MEILI_SNAPSHOT_DIR=str(paths["snapshots"]),
        MEILI_LOG_LEVEL="WARN",
    )
    with open(paths["log"], "ab") as log:
        process = subprocess.Popen(  # noqa: S603 (our own binary, fixed arguments)
            [str(binary)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=_data_dir(),
            start_new_session=True,  # detached: outlives this command, ignores its Ctrl-C
        )
    _started.append(process)
    paths["pid"].write_text(f"{process.pid}\n")
    logger.info("Started Meilisearch (pid %s) on %s", process.pid, settings.MEILI_EMBEDDED_ADDR)
    return process


def _alive(pid):
    for process in _started:
        if process.pid == pid:
            return process.poll() is None
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _wait_until_up(conn, pid, log_path):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        state = _probe(conn)
        if state == "ok":
            return
        if state == "refused" or not _alive(pid):
            break
        time.sleep(0.05)
    tail = ""
    with contextlib.suppress(OSError):
        tail = log_path.read_text(errors="replace")[-2000:]
    raise SearchUnavailable(
        f"The embedded Meilisearch did not start on {settings.MEILI_EMBEDDED_ADDR}. "
        f"Log ({log_path}):\n{tail}"
    )


def stop_embedded(timeout=10):
    """Stop the embedded Meilisearch started from this data directory, if it runs.

    Returns True when a process was stopped.
    """
    paths = _paths()
    if not paths["pid"].exists():
        return False
    with _locked(paths["lock"]):
        pid = _running_pid(paths["pid"])
        paths["pid"].unlink(missing_ok=True)
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _alive(pid) and time.monotonic() < deadline:
            _reap(pid)
            time.sleep(0.05)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
        _reap(pid)
        logger.info("Stopped Meilisearch (pid %s)", pid)
        return True


def _reap(pid):
    for process in list(_started):
        if process.pid == pid and process.poll() is not None:
            _started.remove(process)
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)
