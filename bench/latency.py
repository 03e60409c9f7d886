"""Latency: single transfer proposals at a steady rate, HR's answer → the tracker showing it.

    python -m bench.latency [--rate 200] [--seconds 30] [--relay-ms 10]

HR and Workflow run as real processes (SQLite each) on one broker, HR with a demo
establishment big enough for every proposal. Requests are sent on a fixed schedule (open
loop, so a slow answer does not hide the ones queued behind it), each one post's
`POST /posts/{n}/transfer`, over a fixed set of keep-alive connections. A watcher polls
Workflow's database every 2 ms for the `journeys` rows of posts still in flight (what
`GET /posts/{n}` reads) and stamps when each shows `proposed`. Reported: p50/p95/p99/max
from HR's answer to the tracker showing it (target p99 < 250 ms), the rate achieved, and
HR's own answer time (asked → answered, any queueing included).
RELAY_INTERVAL_MS is set on both services.

The requests go through a minimal HTTP/1.1 client (`Connection` below), not httpx: at
200/s httpx's connection pool took the whole of this process's CPU (its request-to-
connection assignment grows with the requests queued), so the load generator, not HR,
set the achieved rate (63/s, then 69/s with HR idle half the time).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import statistics
import tempfile
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from bench.bulk import wait_until_seeded
from bench.report import report
from tests.conftest import token_for
from tests.support.brokers import kafka_broker
from tests.support.demo_posts import movable_demo_posts
from tests.support.services import start_services


class Watcher:
    """Stamps the moment each awaited post's journey shows `proposed` in Workflow's database."""

    def __init__(self, database: Path) -> None:
        self._database = database
        self._lock = threading.Lock()
        self._waiting: set[str] = set()
        self.seen: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def expect(self, post: str) -> None:
        with self._lock:
            self._waiting.add(post)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        connection = sqlite3.connect(self._database, timeout=30)
        while not self._stop.is_set():
            with self._lock:
                waiting = list(self._waiting)
            if waiting:
                marks = ",".join("?" for _ in waiting)
                rows = connection.execute(
                    f"SELECT post_number FROM journeys WHERE stage = 'proposed' "
                    f"AND post_number IN ({marks})",
                    waiting,
                ).fetchall()
                now = time.perf_counter()
                with self._lock:
                    for (post,) in rows:
                        self._waiting.discard(post)
                        self.seen[post] = now
            time.sleep(0.002)


class Connection:
    """One keep-alive HTTP/1.1 connection that POSTs JSON and reads the status (and drops
    the body): a few tens of microseconds a request, so the load generator keeps up."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader, self._writer = reader, writer

    @classmethod
    async def open(cls, host: str, port: int) -> Connection:
        return cls(*await asyncio.open_connection(host, port))

    async def post(self, head: bytes, body: bytes) -> int:
        self._writer.write(head + b"Content-Length: %d\r\n\r\n" % len(body) + body)
        status_line = await self._reader.readline()
        length = 0
        while (line := await self._reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await self._reader.readexactly(length)
        return int(status_line.split()[1])

    def close(self) -> None:
        self._writer.close()


async def _drive(
    hr_url: str, posts: list[str], rate: float, watcher: Watcher, connections: int = 64
) -> tuple[dict[str, float], list[float], float]:
    host, port = hr_url.removeprefix("http://").split(":")
    token = token_for("hr_staff", user_id="bench-latency")
    effective = (date.today() + timedelta(days=150)).isoformat()
    body = json.dumps({"effective_date": effective, "reason": "bench"}).encode()
    answered: dict[str, float] = {}
    answer_times: list[float] = []
    idle: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(connections):
        idle.put_nowait(await Connection.open(host, int(port)))

    async def one(post: str) -> None:
        head = (
            f"POST /posts/{post}/transfer HTTP/1.1\r\nHost: {host}\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        ).encode()
        asked = time.perf_counter()
        connection = await idle.get()  # open loop: a request waits here, not unsent
        try:
            status = await connection.post(head, body)
        finally:
            idle.put_nowait(connection)
        if status == 201:
            answered[post] = now = time.perf_counter()
            answer_times.append(now - asked)
            watcher.expect(post)

    started = time.perf_counter()
    tasks = []
    for number, post in enumerate(posts):
        delay = started + number / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(post)))
    await asyncio.gather(*tasks)
    took = time.perf_counter() - started
    while not idle.empty():
        idle.get_nowait().close()
    return answered, answer_times, took


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def main(rate: float, seconds: float, relay_ms: int) -> None:
    count = int(rate * seconds)
    with tempfile.TemporaryDirectory() as folder, kafka_broker(Path(folder)) as bootstrap:
        work = Path(folder)
        prefix = f"bench{uuid.uuid4().hex[:8]}."
        databases = {name: f"sqlite:///{work / name}.db" for name in ("hr", "workflow")}
        extra = {"DEMO_SUPPORT_POSTS": str(count * 2), "RELAY_INTERVAL_MS": str(relay_ms)}
        services = start_services(["hr", "workflow"], bootstrap, prefix, databases, work, extra)
        try:
            workflow_db = work / "workflow.db"
            await asyncio.to_thread(_registered, workflow_db, count * 2)
            # Start once HR's demo has started its transfers and Workflow has read them, and
            # propose only on posts still in place (not already central, not out of scope).
            await asyncio.to_thread(
                wait_until_seeded, services["hr"].log_path, work / "hr.db", workflow_db
            )
            posts = _in_department(
                workflow_db, [p.post_number for p in movable_demo_posts(2026, count * 2)]
            )
            watcher = Watcher(workflow_db)
            watcher.start()
            answered, answer_times, took = await _drive(
                services["hr"].url, posts[:count], rate, watcher
            )
            deadline = time.monotonic() + 60
            while len(watcher.seen) < len(answered) and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            watcher.stop()
        finally:
            for service in services.values():
                service.stop()
    latencies = [(watcher.seen[p] - answered[p]) * 1000 for p in answered if p in watcher.seen]
    figures = {
        "requested_rate": rate,
        "achieved_rate": len(answered) / took,
        "answered": len(answered),
        "seen": len(latencies),
        "relay_interval_ms": relay_ms,
        "p50_ms": statistics.median(latencies),
        "p95_ms": _percentile(latencies, 0.95),
        "p99_ms": _percentile(latencies, 0.99),
        "max_ms": max(latencies),
        "hr_answer_p50_ms": statistics.median(answer_times) * 1000,
        "hr_answer_p99_ms": _percentile(answer_times, 0.99) * 1000,
    }
    report(
        "latency",
        [
            ("requests answered / seen by the tracker", f"{len(answered):,} / {len(latencies):,}"),
            ("rate asked / achieved", f"{rate:.0f}/s / {figures['achieved_rate']:.0f}/s"),
            ("RELAY_INTERVAL_MS", str(relay_ms)),
            ("p50", f"{figures['p50_ms']:.0f} ms"),
            ("p95", f"{figures['p95_ms']:.0f} ms"),
            ("p99 (target < 250 ms)", f"{figures['p99_ms']:.0f} ms"),
            ("max", f"{figures['max_ms']:.0f} ms"),
            (
                "HR answer time (asked → answered) p50 / p99",
                f"{figures['hr_answer_p50_ms']:.0f} ms / {figures['hr_answer_p99_ms']:.0f} ms",
            ),
        ],
        figures,
    )


def _registered(database: Path, expected: int, timeout: float = 1800) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with sqlite3.connect(database, timeout=30) as connection:
                sql = "SELECT count(*) FROM journeys WHERE registered"
                if connection.execute(sql).fetchone()[0] >= expected:
                    return
        except sqlite3.OperationalError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"Workflow did not see {expected} registered posts in {timeout}s")


def _in_department(database: Path, posts: list[str]) -> list[str]:
    with sqlite3.connect(database, timeout=30) as connection:
        rows = connection.execute("SELECT post_number FROM journeys WHERE stage = 'in_department'")
        free = {post for (post,) in rows}
    return [post for post in posts if post in free]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--relay-ms", type=int, default=10)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.rate, arguments.seconds, arguments.relay_ms))
