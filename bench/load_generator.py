"""An open-loop HTTP load generator (wrk2-style) for the API benchmark (bench/api_load.py).

Requests are sent at a fixed rate whatever the server does: request i is due at
start + i / rate, and its latency is counted from that moment, not from when a connection
was free to send it. A closed-loop tool (one request after the other per connection) slows
down with the server and hides its queueing — "coordinated omission" — which is exactly
what a show's burst of visitors would not do.

    python bench/load_generator.py CONFIG.json  → one JSON line of results

CONFIG: {"host", "port", "rate", "seconds", "connections", "pages": [...],
"buyers": [{"sessionid", "csrftoken"}], "mix": {"beacon": 70, "read": 20, "write": 10},
"acked_file": "path where acknowledged event ids are written"}.
"""

import asyncio
import json
import random
import sys
import time
import uuid

LOCALES = ("zh-hans", "en", "ru", "ar")


class Connection:
    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer

    async def request(self, payload):
        self.writer.write(payload)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = None
        chunked = False
        for line in head.split(b"\r\n")[1:]:
            name, _sep, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
        if chunked:
            body = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                body += chunk[:-2]
        else:
            body = await self.reader.readexactly(length or 0)
        return status, body


class Load:
    def __init__(self, config):
        self.config = config
        self.pool = asyncio.LifoQueue()
        self.open = 0
        self.results = []  # (kind, status, latency seconds)
        self.acked = []
        self.errors = 0
        self.random = random.Random(7)  # noqa: S311 (traffic shapes, not secrets)
        mix = config["mix"]
        self.kinds = [kind for kind, weight in mix.items() for _ in range(weight)]

    async def connection(self):
        try:
            return self.pool.get_nowait()
        except asyncio.QueueEmpty:
            pass
        if self.open < self.config["connections"]:
            self.open += 1
            reader, writer = await asyncio.open_connection(self.config["host"], self.config["port"])
            return Connection(reader, writer)
        return await self.pool.get()

    def build(self, kind):
        """(label, request bytes, event ids) of one request of `kind`."""
        rnd = self.random
        host = f"{self.config['host']}:{self.config['port']}"
        client_ip = f"10.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"
        page = rnd.choice(self.config["pages"])
        common = f"Host: {host}\r\nX-Forwarded-For: {client_ip}\r\nAccept-Language: en\r\n"
        if kind == "beacon":
            now = int(time.time() * 1000)
            events, ids = [], []
            for _ in range(rnd.choice((1, 2, 3))):
                event_id = str(uuid.uuid4())
                ids.append(event_id)
                events.append(
                    {
                        "event_id": event_id,
                        "kind": "page_view",
                        "ts": now,
                        "page": page,
                        "locale": rnd.choice(LOCALES),
                    }
                    if rnd.random() < 0.6
                    else {
                        "event_id": event_id,
                        "kind": "dwell",
                        "ts": now,
                        "page": page,
                        "locale": "en",
                        "data": {"ms": rnd.randrange(1000, 120_000)},
                    }
                )
            body = json.dumps(
                {"events": events, "visitor": uuid.uuid4().hex, "consent": True}
            ).encode()
            head = (
                f"POST /api/v1/events HTTP/1.1\r\n{common}"
                f"User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0\r\n"
                f"Content-Type: text/plain;charset=UTF-8\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            return "beacon", head.encode() + body, ids
        if kind == "read":
            if rnd.random() < 0.75:
                path = f"/api/v1/pages/{page}/counts"
                label = "counts"
            else:
                path = f"/api/v1/pages/{page}/comments"
                label = "comments"
            return label, f"GET {path} HTTP/1.1\r\n{common}\r\n".encode(), ()
        buyer = rnd.choice(self.config["buyers"])
        cookies = f"sessionid={buyer['sessionid']}; csrftoken={buyer['csrftoken']}"
        auth = f"Cookie: {cookies}\r\nX-CSRFToken: {buyer['csrftoken']}\r\n"
        choice = rnd.random()
        if choice < 0.4:
            verb = "PUT" if rnd.random() < 0.7 else "DELETE"
            head = f"{verb} /api/v1/pages/{page}/like HTTP/1.1\r\n{common}{auth}Content-Length: 0\r\n\r\n"
            return "like", head.encode(), ()
        if choice < 0.7:
            verb = "PUT" if rnd.random() < 0.7 else "DELETE"
            head = f"{verb} /api/v1/pages/{page}/favourite HTTP/1.1\r\n{common}{auth}Content-Length: 0\r\n\r\n"
            return "favourite", head.encode(), ()
        body = json.dumps({"body": f"Interested in {page}: MOQ and lead time?"}).encode()
        head = (
            f"POST /api/v1/pages/{page}/comments HTTP/1.1\r\n{common}{auth}"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        return "comment", head.encode() + body, ()

    async def one(self, due, request):
        label, payload, ids = request
        connection = await self.connection()
        try:
            status, _body = await connection.request(payload)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            self.errors += 1
            self.open -= 1
            self.results.append((label, 0, time.perf_counter() - due))
            return
        self.results.append((label, status, time.perf_counter() - due))
        if label == "beacon" and status == 202:
            self.acked.extend(ids)
        self.pool.put_nowait(connection)

    async def run(self):
        rate, seconds = self.config["rate"], self.config["seconds"]
        total = int(rate * seconds)
        # Built before the clock starts, so that making them does not take CPU from the
        # server during the run (the two share this machine's cores).
        plan = [self.build(self.random.choice(self.kinds)) for _ in range(total)]
        tasks = set()
        start = time.perf_counter() + 0.2
        for index, request in enumerate(plan):
            due = start + index / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            task = asyncio.create_task(self.one(due, request))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        if tasks:
            await asyncio.wait(tasks, timeout=30)
        return time.perf_counter() - start


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summary(load, elapsed):
    def stats(rows):
        latencies = [latency * 1000 for _kind, _status, latency in rows]
        statuses = {}
        for _kind, status, _latency in rows:
            statuses[str(status)] = statuses.get(str(status), 0) + 1
        return {
            "requests": len(rows),
            "p50_ms": round(percentile(latencies, 0.50) or 0, 1),
            "p90_ms": round(percentile(latencies, 0.90) or 0, 1),
            "p99_ms": round(percentile(latencies, 0.99) or 0, 1),
            "max_ms": round(max(latencies, default=0), 1),
            "statuses": statuses,
        }

    by_kind = {}
    for row in load.results:
        by_kind.setdefault(row[0], []).append(row)
    failures = sum(1 for _k, status, _l in load.results if status == 0 or status >= 500)
    return {
        "rate": load.config["rate"],
        "seconds": load.config["seconds"],
        "achieved_rps": round(len(load.results) / elapsed, 1),
        "all": stats(load.results),
        "by_kind": {kind: stats(rows) for kind, rows in sorted(by_kind.items())},
        "failures": failures,
        "acknowledged_events": len(load.acked),
        "connections_opened": load.open,
    }


def main(path):
    config = json.loads(open(path).read())  # noqa: PTH123, SIM115
    load = Load(config)
    try:
        import uvloop  # libuv's event loop: about half the generator's CPU per request
    except ImportError:
        elapsed = asyncio.run(load.run())
    else:
        elapsed = uvloop.run(load.run())
    if config.get("acked_file"):
        with open(config["acked_file"], "w") as handle:  # noqa: PTH123
            handle.write("\n".join(load.acked))
    print(json.dumps(summary(load, elapsed)))  # noqa: T201


if __name__ == "__main__":
    main(sys.argv[1])
