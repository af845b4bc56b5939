"""The public API under load (issue 5 part 8, SPEC 6.1.3 "bursts of 1,000 requests per
second"): gunicorn + PostgreSQL (+ Redis for the cache and rate limits when it answers),
driven by an open-loop generator in a second process on the same machine.

- 60 s at 1,000 requests/s of mixed traffic: 70 % analytics beacons, 20 % count and
  comment reads, 10 % likes, favourites and comments by signed-in buyers; p99 must stay
  under 100 ms, and every event the API acknowledged must be in the database afterwards.
- then steps of 20 s, up from 1,000 while the rate holds or down from it until one does:
  the highest rate held with p99 < 100 ms and no failure (the goal is 3,000).

The server is granian (Rust HTTP, Python only for the WSGI application) by default, or
gunicorn with threads: on two cores shared with the load generator and PostgreSQL, two
processes of two threads did best (a thread waiting on the database lets the other run;
more processes cost more CPU per request).

    python bench/api_load.py [--server granian|gunicorn] [--workers N] [--threads N] [--quick]
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
GRANIAN = str(Path(sys.executable).with_name("granian"))
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/expo_bench_api"
MIX = {"beacon": 70, "read": 20, "write": 10}
DOWN_STEPS = (900, 800, 700, 600, 500)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_url():
    url = "redis://127.0.0.1:6379/14"
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            if connection.recv(16).startswith(b"+PONG"):
                return url
    except OSError:
        pass
    return ""


def recreate_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def environment(var_dir, database, redis):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database,
        "VAR_DIR": str(var_dir),
        "TRUSTED_PROXY_COUNT": "1",  # the generator plays the load balancer's X-Forwarded-For
        "LOG_LEVEL": "WARNING",
        "SITE_AUTO_BUILD": "0",
        "CACHE_KEY_PREFIX": f"bench{secrets.token_hex(4)}",
    }
    if redis:
        env["REDIS_URL"] = redis
    else:
        env.pop("REDIS_URL", None)
    return env


def run(args, env, **kwargs):
    return subprocess.run(  # noqa: S603 (our own commands)
        args, cwd=ROOT, env=env, check=True, capture_output=True, text=True, **kwargs
    )


def server_command(server, port, workers, threads):
    if server == "granian":
        # Rust HTTP handling; Python runs only the WSGI application, on blocking threads.
        return [
            GRANIAN,
            "--interface=wsgi",
            "--host=127.0.0.1",
            f"--port={port}",
            f"--workers={workers}",
            f"--blocking-threads={threads}",
            "--backlog=4096",
            "--log-level=warning",
            "--no-ws",
            "cms.wsgi:application",
        ]
    return [
        GUNICORN,
        "cms.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        "--backlog=4096",
        "--keep-alive=30",
        "--log-level=warning",
    ]


def start_server(env, port, workers, threads, server="gunicorn"):
    command = server_command(server, port, workers, threads)
    server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1):  # noqa: S310
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not answer")


def generate(config, env):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(config, handle)
    try:
        result = run([PYTHON, "bench/load_generator.py", handle.name], env)
    finally:
        os.unlink(handle.name)
    return json.loads(result.stdout.strip().splitlines()[-1])


def stored_events(database, event_ids):
    import psycopg

    found = 0
    with psycopg.connect(database) as connection:
        for start in range(0, len(event_ids), 5000):
            chunk = event_ids[start : start + 5000]
            found += connection.execute(
                "SELECT count(*) FROM engagement_event WHERE event_id = ANY(%s::uuid[])", (chunk,)
            ).fetchone()[0]
    return found


def bench(
    workers=2,
    threads=2,
    quick=False,
    steps=(1100, 1200, 1300, 1500, 2000, 2500, 3000),
    server="granian",
):
    database = os.environ.get("BENCH_API_DATABASE_URL", DEFAULT_DATABASE)
    redis = redis_url()
    var_dir = Path(tempfile.mkdtemp(prefix="bench-api-"))
    env = environment(var_dir, database, redis)
    recreate_database(database)
    run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
    booths, exhibits, buyers = (20, 4, 50) if quick else (100, 5, 500)
    fixture = json.loads(
        run([PYTHON, "bench/api_fixture.py", str(booths), str(exhibits), str(buyers)], env)
        .stdout.strip()
        .splitlines()[-1]
    )
    port = free_port()
    server_name = server
    server = start_server(env, port, workers, threads, server_name)
    acked_file = var_dir / "acked.txt"
    base = {
        "host": "127.0.0.1",
        "port": port,
        "connections": 256,
        "pages": fixture["pages"],
        "buyers": fixture["buyers"],
        "mix": MIX,
    }
    try:
        generate({**base, "rate": 200, "seconds": 3 if quick else 10}, env)  # warm-up
        sustained = generate(
            {**base, "rate": 1000, "seconds": 10 if quick else 60, "acked_file": str(acked_file)},
            env,
        )
        acked = [line for line in acked_file.read_text().splitlines() if line]
        sustained["stored_events"] = stored_events(database, acked)
        sustained["lost_events"] = len(set(acked)) - sustained["stored_events"]
        ramp = []
        held = sustained["all"]["p99_ms"] < 100 and not sustained["failures"]
        # Up from 1,000 while the rate holds, or down from it to the rate that does.
        for rate in (steps if held else DOWN_STEPS)[: 1 if quick else None]:
            result = generate({**base, "rate": rate, "seconds": 5 if quick else 20}, env)
            ramp.append(result)
            ok = result["all"]["p99_ms"] < 100 and not result["failures"]
            if ok != held:
                break
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(var_dir, ignore_errors=True)
    held = [r["rate"] for r in [sustained, *ramp] if r["all"]["p99_ms"] < 100 and not r["failures"]]
    kind = "gthread" if server_name == "gunicorn" else "WSGI"
    return {
        "server": f"{server_name} {kind} {workers} workers × {threads} threads, PostgreSQL"
        + (", Redis" if redis else ", in-process cache"),
        "sustained": sustained,
        "ramp": ramp,
        "highest_rate_held": max(held, default=0),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", choices=["granian", "gunicorn"], default="granian")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="a short run to check the setup")
    options = parser.parse_args()
    result = bench(options.workers, options.threads, options.quick, server=options.server)
    print(json.dumps(result))  # noqa: T201


if __name__ == "__main__":
    main()
