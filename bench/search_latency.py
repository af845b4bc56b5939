"""Search latency at 100,000 exhibits (issue 3 §6): a query with a facet filter and a
spec-range filter, as the search page sends it. Goal: p95 ≤ 20 ms.

Runs against its own Meilisearch process (the project's binary, a temporary data folder)
with the product's own index settings (site_builder.search.index_settings), queried over
HTTP with the search-only key, as a browser does.
"""

import http.client
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

DOCUMENTS = 100_000
QUERIES = 300
WORDS_ZH = ["实木", "餐桌", "餐椅", "床垫", "蚕丝被", "毛巾", "织机", "缝纫机", "窗帘", "地毯"]
WORDS_EN = ["oak", "table", "chair", "mattress", "quilt", "towel", "loom", "sewing", "curtain"]
HALLS = ["家纺馆", "家具馆", "机械馆"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def documents(count):
    rng = random.Random(7)  # noqa: S311 (benchmark data)
    for number in range(count):
        hall = HALLS[number % 3]
        category = f"{hall} > 类别{number % 7}"
        low = rng.choice([0.5, 1, 2, 5, 7.5, 10, 15, 30]) * 1000
        words = rng.sample(WORDS_ZH, 2) + rng.sample(WORDS_EN, 2)
        yield {
            "id": f"exhibit-{number}",
            "kind": "exhibit",
            "page_id": number,
            "title": f"{words[0]}{words[1]} {words[2]} {words[3]} {number}",
            "url": f"/zh-hans/expo/booth-{number // 3}/exhibit-{number}/",
            "description": " ".join(rng.choices(WORDS_ZH + WORDS_EN, k=30)),
            "model_number": f"BX-{number:06d}",
            "booth": {"title": f"展商 {number // 3}", "url": "/", "number": ""},
            "exhibition": "expo",
            "exhibition_title": "Expo 2026",
            "category_lvl0": [hall],
            "category_lvl1": [category],
            "category_lvl2": [],
            "category_keys": [],
            "country": rng.choice(["CN", "VN", "DE", "TR"]),
            "country_name": "",
            "target_markets": rng.sample(["DE", "US", "RU", "NG", "BR"], 2),
            "tags": rng.sample(["OEM", "export", "factory direct"], 1),
            "specs": [],
            "spec_text": "",
            "num": {"power_w": {"min": low, "max": low * rng.choice([1, 1, 2, 4])}},
            "has_3d": number % 10 == 0,
            "has_video": number % 7 == 0,
            "has_live": False,
            "has_panorama": False,
            "image": None,
            "popularity": rng.randint(0, 1000),
            "name_sort": str(number),
            "published_at": 1_780_000_000 + number,
        }


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))]


def main():
    import django

    django.setup()
    import meilisearch
    import requests

    from site_builder.search.index_settings import index_settings
    from site_builder.search.levels import PUBLIC

    binary = os.environ.get("MEILI_BINARY", str(ROOT / "var" / "tools" / "bin" / "meilisearch"))
    with tempfile.TemporaryDirectory(prefix="bench-meili-") as data:
        port, key = free_port(), secrets.token_urlsafe(24)
        server = subprocess.Popen(  # noqa: S603 (the project's own binary)
            [
                binary,
                "--db-path",
                f"{data}/db",
                "--http-addr",
                f"127.0.0.1:{port}",
                "--master-key",
                key,
                "--no-analytics",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 120
            while True:
                try:
                    if requests.get(f"{url}/health", timeout=1).ok:
                        break
                except requests.RequestException:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("Meilisearch did not start")
                time.sleep(0.1)
            client = meilisearch.Client(url, key, timeout=600)
            index = client.index("bench_public_zh-hans")
            client.wait_for_task(client.create_index(index.uid, {"primaryKey": "id"}).task_uid)
            settings = index_settings(PUBLIC, "zh-hans", {})
            settings["filterableAttributes"] = [
                *settings["filterableAttributes"],
                "num.power_w.min",
                "num.power_w.max",
            ]
            client.wait_for_task(index.update_settings(settings).task_uid, timeout_in_ms=600_000)
            started = time.monotonic()
            batch, tasks = [], []
            for document in documents(DOCUMENTS):
                batch.append(document)
                if len(batch) == 10_000:
                    tasks.append(index.add_documents(batch).task_uid)
                    batch = []
            for task in tasks:
                client.wait_for_task(task, timeout_in_ms=1_200_000, interval_in_ms=200)
            indexing_seconds = time.monotonic() - started
            search_key = client.create_key(
                {"actions": ["search"], "indexes": ["bench_public_*"], "expiresAt": None}
            ).key
            # http.client sends headers and a bytes body in one write, as browsers do; with
            # requests the body goes separately and Nagle + delayed ACK add 40 ms a query.
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            headers = {
                "Authorization": f"Bearer {search_key}",
                "Content-Type": "application/json",
            }
            rng = random.Random(11)  # noqa: S311
            wall, engine = [], []
            for number in range(QUERIES):
                body = {
                    "q": rng.choice(WORDS_ZH + WORDS_EN + ["tabel", "chiar"]),
                    "filter": f"category_lvl0 = '{HALLS[number % 3]}' AND "
                    "num.power_w.min <= 20000 AND num.power_w.max >= 5000",
                    "facets": ["category_lvl0", "category_lvl1", "country", "target_markets"],
                    "limit": 20,
                    "attributesToHighlight": ["title", "description"],
                }
                payload = json.dumps(body).encode()
                began = time.perf_counter()
                conn.request("POST", f"/indexes/{index.uid}/search", payload, headers)
                response = conn.getresponse()
                data = response.read()
                wall.append(1000 * (time.perf_counter() - began))
                if response.status != 200:
                    raise RuntimeError(data.decode())
                engine.append(json.loads(data)["processingTimeMs"])
        finally:
            server.terminate()
            server.wait(timeout=30)
    result = {
        "documents": DOCUMENTS,
        "queries": QUERIES,
        "indexing_seconds": round(indexing_seconds, 1),
        "http_p50_ms": round(statistics.median(wall), 1),
        "http_p95_ms": round(percentile(wall, 0.95), 1),
        "engine_p50_ms": percentile(engine, 0.5),
        "engine_p95_ms": percentile(engine, 0.95),
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
