"""Benchmarks, run by `make bench`; results go to docs/performance.md with machine and date.

Each benchmark runs the real command in a fresh, throw-away var/ (SQLite unless
BENCH_DATABASE_URL names a server) so the figures are those a new installation sees.
Speed goals live here, never in timed unit tests.
"""

import csv
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REPORT = ROOT / "docs" / "performance.md"
RESULTS = ROOT / "bench" / "results.json"


def manage(var_dir, *args, env_extra=None):
    env = {**os.environ, "VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
    env.pop("DATABASE_URL", None)
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    env.update(env_extra or {})
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603 (our own manage.py, fixed argv)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed, result.stdout + result.stderr


CATEGORY_PATHS = (
    "from booths.models import Category; "
    "print('|'.join(f'{c.parent.name} > {c.name}' for c in "
    "Category.objects.filter(locale__language_code='zh-hans', parent__parent__isnull=True)"
    ".exclude(parent=None).select_related('parent')[:6]))"
)


def write_exhibitor_file(path, categories, rows=50):
    """`rows` new exhibitors with English names, spread over real demo categories."""
    header = [
        "external_id",
        "company_name",
        "company_name_en",
        "country",
        "categories",
        "target_markets",
        "contact_email",
        "contact_phone",
        "description",
        "description_en",
    ]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for number in range(1, rows + 1):
            writer.writerow(
                [
                    f"BENCH-{number:03d}",
                    f"南通基准测试家纺{number}号有限公司",
                    f"Nantong Benchmark Textiles No. {number}",
                    "CN",
                    categories[number % len(categories)],
                    "RU;东盟",
                    f"sales{number}@bench.example",
                    "+86 513 8123 4567",
                    "专业生产床上用品。",
                    "We make bedding.",
                ]
            )


def bench_seed_and_import():
    """Full-size demo seed on a freshly migrated database (goal: ≤ 60 s), then imports."""
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-seed-") as var_dir:
        migrate_s, _ = manage(var_dir, "migrate", "--no-input", "-v0")
        seed_s, _output = manage(var_dir, "seed_demo", "--quiet")
        again_s, _ = manage(var_dir, "seed_demo", "--quiet")
        _s, counts = manage(
            var_dir,
            "shell",
            "-c",
            "import json; from booths.inventory import content_counts; print(json.dumps(content_counts()))",
        )
        results.append(
            {
                "name": "seed_demo (full size)",
                "goal": "≤ 60 s",
                "result": f"{seed_s:.1f} s (second run {again_s:.1f} s)",
                "seconds": round(seed_s, 1),
                "second_run_seconds": round(again_s, 1),
                "migrate_seconds": round(migrate_s, 1),
                "counts": json.loads(counts.strip().splitlines()[-1]),
                "passed": seed_s <= 60,
            }
        )
        _s, paths = manage(var_dir, "shell", "-c", CATEGORY_PATHS)
        categories = paths.strip().splitlines()[-1].split("|")
        csv_path = Path(var_dir) / "exhibitors.csv"
        write_exhibitor_file(csv_path, categories)
        import_s, _ = manage(var_dir, "import_directory", str(csv_path))
        reimport_s, _ = manage(var_dir, "import_directory", str(csv_path))
        results.append(
            {
                "name": "import_directory: 50 new exhibitors with English, into the demo",
                "goal": "—",
                "result": f"{import_s:.1f} s (second run {reimport_s:.1f} s)",
                "seconds": round(import_s, 1),
                "second_run_seconds": round(reimport_s, 1),
                "passed": None,  # measured, no goal yet
            }
        )
    return results


def machine():
    cpu = "unknown"
    try:
        text = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"model name\s*:\s*(.+)", text).group(1)
    except (OSError, AttributeError):
        pass
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    database = "PostgreSQL" if os.environ.get("BENCH_DATABASE_URL") else "SQLite"
    return (
        f"{platform.node()}: {os.cpu_count()} cores ({cpu}), {mem_gib:.0f} GiB, "
        f"Python {platform.python_version()}, {database}"
    )


MET = {True: "yes", False: "NO", None: "—"}


def write_report(results):
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (bench/run.py). Figures are wall-clock seconds on the machine",
        "named below; each benchmark starts from a fresh database.",
        "",
        f"- Date: {datetime.date.today().isoformat()}",
        f"- Machine: {machine()}",
        "",
        "| benchmark | goal | result | met |",
        "|---|---|---|---|",
    ]
    for result in results:
        lines.append(
            f"| {result['name']} | {result['goal']} | {result['result']} | "
            f"{MET[result['passed']]} |"
        )
    lines += [
        "",
        "How the figures are taken:",
        "",
        "- build_site: a show generated with the demo's bulk page writer (bench/generate_site.py;",
        "  each booth has a logo, two exhibits' images, categories, tags, specs and rich text) in a",
        "  fresh var/; times are the builder's own (what a task worker spends, without Python's",
        "  and Django's start-up, about 2 s per command). *cold* is the first build (image",
        "  renditions are made too), *warm* a second `--full` build, *nothing changed* and",
        "  *one booth edited* incremental builds that follow the change journal, the latter",
        "  after renaming and publishing one booth (its pages in every language, its listings",
        "  and edition page); search not included. The generated show's pictures are not",
        "  processed by the asset pipeline, so pages draw Wagtail renditions through the",
        "  theme's `<picture>` macro; that macro costs about 7 % per page against the previous",
        "  plain `<img>` (alternating runs of both versions on one machine). This machine is",
        "  slower than the one of the issue 3 figures (0.42/0.44 ms/page): the same video",
        "  ladder code ran at 1.07× real time there and 0.82× here.",
        "- search: 100,000 generated exhibits in one index with the product's settings; each",
        "  query has a word (some misspelled), a hall filter, a power range filter and four",
        "  facets; latency measured by the client over HTTP with the search-only key.",
        "- page weight and Lighthouse: the demo seeded, its media processed",
        "  (`process_assets`, as `make demo`) and built in a fresh var/, served with",
        "  gzip as a CDN would (bench/static_server.py); Lighthouse 13 with mobile settings in",
        "  Debian's Chromium.",
        "- images and video (bench/assets.py): generated photo-like images (fine texture and",
        "  grain) and a screenshot at 1920 × 1280; each format at the lowest quality reaching",
        "  SSIM 0.98, compared on the 1280-px derivative; a 30-s 1080p25 clip with grain and",
        "  audio through the whole ladder (assets_pipeline); 3D: two generated textured models",
        "  through the pipeline, `gltf-transform optimize --compress meshopt --texture-compress",
        "  webp` (and, when its textures miss SSIM 0.95, its `webp --quality` raised until they",
        "  reach it: equal fidelity) and `gltfpack -cc`, each output validated and compared",
        "  with the source (worst texture SSIM, geometric deviation / bounding-box diagonal).",
        "- API (bench/api_load.py): PostgreSQL and Redis on this machine, the API served by",
        "  granian (WSGI, two processes of two threads: a thread waiting on PostgreSQL lets the",
        "  other run) with production settings and the beacon lane (engagement/beacon_lane.py); a",
        "  show of 100 booths × 5 exhibits and 500 signed-in buyers; an open-loop generator",
        "  (bench/load_generator.py, a second process on the same two cores) sends requests at",
        "  a fixed rate whatever the server does and counts each latency from the moment its",
        "  request was due, so queueing shows. Mix: 70 % beacon batches of 1–3 events, 15 %",
        "  count reads, 5 % comment lists, 10 % likes, favourites and comments. Afterwards every",
        "  event acknowledged with 202 is looked up in the database.",
    ]
    for result in results:
        if result.get("counts"):
            lines += ["", f"## {result['name']}: what it built", ""]
            lines += ["| item | count |", "|---|---|"]
            lines += [f"| {key} | {value} |" for key, value in result["counts"].items()]
    REPORT.write_text("\n".join(lines) + "\n")
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


def script_json(*args):
    """Run one of bench/'s scripts and return the JSON it prints last."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "SITE_AUTO_BUILD": "0"}
    result = subprocess.run(  # noqa: S603 (our own scripts, fixed argv)
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench_search():
    data = script_json("bench/search_latency.py")
    return {
        "name": f"search: {data['documents']:,} exhibits, a facet and a range filter, over HTTP",
        "goal": "p95 ≤ 20 ms",
        "result": (
            f"p50 {data['http_p50_ms']} ms, p95 {data['http_p95_ms']} ms (engine "
            f"p50 {data['engine_p50_ms']} ms, p95 {data['engine_p95_ms']} ms); indexing "
            f"{data['indexing_seconds']} s"
        ),
        "passed": data["http_p95_ms"] <= 20,
        "details": data,
    }


def bench_pages():
    """Page weight and Lighthouse on the demo, seeded and built in a throw-away var/."""
    theme = str(ROOT / "var" / "theme-build" / "default")
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as var_dir:
        extra = {"SITE_THEME_BUILD_DIR": theme, "SITE_AUTO_BUILD": "0"}
        manage(var_dir, "migrate", "--no-input", "-v0")
        manage(var_dir, "setup_site", env_extra=extra)
        manage(var_dir, "seed_demo", "--quiet", env_extra=extra)
        # What buyers get: the pages with the asset pipeline's derivatives, as `make demo`.
        manage(var_dir, "process_assets", "-v0", env_extra=extra)
        manage(var_dir, "build_site", "--no-search", env_extra=extra)
        os.environ["SITE_BUILD_DIR"] = str(Path(var_dir) / "site")
        try:
            data = script_json("bench/page_audit.py")
        finally:
            del os.environ["SITE_BUILD_DIR"]
    first = data["first_render_gzip_bytes"]
    scores = data["lighthouse"]
    worst = {
        category: min(page[category] for page in scores.values())
        for category in ("performance", "accessibility", "best-practices", "seo")
    }
    return [
        {
            "name": "booth page (with a 3D model): HTML + CSS for first render, gzip",
            "goal": "≤ 14 KB",
            "result": f"{first['total'] / 1024:.1f} KiB (HTML {first['html']} B, CSS {first['css']} B)",
            "passed": first["total"] <= 14_000,
            "details": data,
        },
        {
            "name": "booth page (with a 3D model): everything before interaction",
            "goal": "≤ 500 KB",
            "result": f"{data['before_interaction_bytes'] / 1024:.0f} KiB in "
            f"{data['before_interaction_requests']} requests",
            "passed": data["before_interaction_bytes"] <= 500_000,
        },
        {
            "name": "Lighthouse mobile (home, listing, booth, exhibit): lowest score",
            "goal": "perf/a11y/best ≥ 95, SEO 100",
            "result": ", ".join(f"{k} {v}" for k, v in worst.items()),
            "passed": min(worst["performance"], worst["accessibility"], worst["best-practices"])
            >= 95
            and worst["seo"] == 100,
        },
    ]


def bench_api():
    """The public API under mixed load (bench/api_load.py), on PostgreSQL."""
    from bench.api_load import bench

    server = os.environ.get("BENCH_API_SERVER", "granian")
    data = bench(server=server)
    sustained = data["sustained"]
    return [
        {
            "name": "API: 1,000 requests/s for 60 s (70 % beacons, 20 % reads, 10 % writes)",
            "goal": "p99 < 100 ms, no acknowledged event lost",
            "result": (
                f"p50 {sustained['all']['p50_ms']} ms, p99 {sustained['all']['p99_ms']} ms at "
                f"{sustained['achieved_rps']} requests/s; {sustained['failures']} failures; "
                f"{sustained['acknowledged_events']:,} events acknowledged, "
                f"{sustained['lost_events']} lost ({data['server']})"
            ),
            "passed": sustained["all"]["p99_ms"] < 100
            and sustained["lost_events"] == 0
            and not sustained["failures"],
            "details": data,
        },
        {
            "name": "API: highest rate held with p99 < 100 ms",
            "goal": "3,000 requests/s",
            "result": f"{data['highest_rate_held']:,} requests/s"
            + "".join(
                f"; {step['rate']:,}/s → p99 {step['all']['p99_ms']} ms" for step in data["ramp"]
            ),
            "passed": data["highest_rate_held"] >= 3000,
        },
    ]


def main():
    from bench.assets import bench_assets
    from bench.site_build import bench_build

    everything = {"seed", "build", "search", "pages", "assets", "api"}
    which = set(sys.argv[1:]) or everything
    results = []
    if "seed" in which:
        results += bench_seed_and_import()
    if "build" in which:
        results += [bench_build(1_000), bench_build(10_000)]
    if "search" in which:
        results.append(bench_search())
    if "pages" in which:
        results += bench_pages()
    if "assets" in which:
        results += bench_assets()
    if "api" in which:
        results += bench_api()
    if RESULTS.exists() and which != everything:
        # A partial run keeps the other benchmarks' last figures in the report.
        fresh = {result["name"]: result for result in results}
        previous = json.loads(RESULTS.read_text())
        results = [fresh.pop(r["name"], r) for r in previous] + list(fresh.values())
    write_report(results)
    for result in results:
        print(f"{result['name']}: {result['result']} (goal {result['goal']})")  # noqa: T201
    return 0 if all(result["passed"] is not False for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
