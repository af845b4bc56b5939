"""Build benchmarks (issue 3 §6): a generated show of N booths × 3 exhibits × 4 languages.

Goals: ≤ 0.5 ms per page warm (never worse than 2 ms); an incremental rebuild after editing
one booth ≤ 1 s, the same at 1,000 and 10,000 booths.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(var_dir, *args):
    env = {
        **os.environ,
        "VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "SITE_THEME_BUILD_DIR": str(ROOT / "var" / "theme-build" / "default"),
        "SITE_AUTO_BUILD": "0",
    }
    env.pop("DATABASE_URL", None)
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603 (our own scripts, fixed argv)
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return time.perf_counter() - started, result.stdout


def build_json(var_dir, *flags):
    _seconds, out = run(var_dir, "bench/build_once.py", *flags)
    return json.loads(out.strip().splitlines()[-1])


def bench_build(booths):
    with tempfile.TemporaryDirectory(prefix=f"bench-build-{booths}-") as var_dir:
        run(var_dir, "manage.py", "migrate", "--no-input", "-v0")
        run(var_dir, "manage.py", "setup_site")
        generate_seconds, _ = run(var_dir, "bench/generate_site.py", str(booths))
        cold = build_json(var_dir)  # first build: image renditions are made too
        warm = build_json(var_dir, "--full")
        nothing = build_json(var_dir)
        edit = build_json(var_dir, "--edit-one-booth")
    per_page = 1000 * warm["seconds"] / warm["rendered"]
    return {
        "name": f"build_site: {booths:,} booths × 3 exhibits × 4 languages ({warm['pages']:,} pages)",
        "goal": "≤ 0.5 ms/page warm (never > 2 ms); one booth edited ≤ 1 s",
        "result": (
            f"warm {per_page:.2f} ms/page ({warm['rendered'] / warm['seconds']:,.0f} pages/s, "
            f"{warm['workers']} workers), cold {cold['seconds']:.0f} s, peak "
            f"{max(cold['peak_memory_mib'], warm['peak_memory_mib'])} MiB; nothing changed "
            f"{nothing['seconds']:.2f} s; one booth edited {edit['seconds']:.2f} s "
            f"({edit['rendered']} files, {edit['queries']} queries)"
        ),
        "passed": per_page <= 0.5 and edit["seconds"] <= 1,
        "details": {
            "generate_seconds": round(generate_seconds, 1),
            "cold": cold,
            "warm": warm,
            "unchanged": nothing,
            "one_booth_edited": edit,
            "ms_per_page_warm": round(per_page, 3),
        },
    }
