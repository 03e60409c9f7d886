"""Bulk end to end: propose many transfers through HR's bulk API until Workflow shows them.

    python -m bench.bulk [--transfers 100000] [--per-request 5000]

HR and Workflow run as real processes (SQLite each) on one broker; HR seeds a demo
establishment of that many support posts (DEMO_SUPPORT_POSTS), and the clock starts once
HR has finished seeding (its demo transfers included) and Workflow has read all of it.
Then `POST /bulk/transfers` (action `propose`) in requests of `--per-request` posts, one
after another, until every post was tried (HR commits a bulk run's rows in chunks of a few
hundred). Reported: transfers/s from the first request to the tracker showing the last
proposal (a `TransferProposed` fact in Workflow's database, by this run's actor), the HR
part alone, and the time from HR's last answer (its last commit) to the tracker being
complete. Baseline: raw aiokafka producing the same number of events to a fresh topic on
the same broker.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import httpx

from bench.events import hr_post_messages
from bench.kafka_io import fill_topic
from bench.report import report
from shared.chunks import chunks
from tests.conftest import token_for
from tests.support.brokers import kafka_broker
from tests.support.demo_posts import movable_demo_posts
from tests.support.services import start_services

ACTOR = "bench-bulk"


def _count(database: Path, sql: str) -> int:
    with sqlite3.connect(database, timeout=30) as connection:
        return int(connection.execute(sql).fetchone()[0])


def _wait(database: Path, sql: str, expected: int, timeout: float) -> float:
    deadline = time.monotonic() + timeout
    count = 0
    while time.monotonic() < deadline:
        try:
            count = _count(database, sql)
        except sqlite3.OperationalError:  # tables not created yet
            count = 0
        if count >= expected:
            return time.perf_counter()
        time.sleep(0.05)
    raise TimeoutError(f"{count} of {expected} after {timeout}s: {sql}")


async def _propose(hr_url: str, posts: list[str], per_request: int) -> tuple[int, float, float]:
    headers = {"Authorization": f"Bearer {token_for('hr_staff', user_id=ACTOR)}"}
    effective = (date.today() + timedelta(days=150)).isoformat()
    done = tried = 0
    async with httpx.AsyncClient(base_url=hr_url, headers=headers, timeout=1800) as client:
        started = time.perf_counter()
        for part in chunks(posts, per_request):
            body = {
                "action": "propose",
                "post_numbers": part,
                "effective_date": effective,
                "reason": "Benchmark: centralise the discipline",
            }
            answer = await client.post(
                "/bulk/transfers", json=body, headers={"Idempotency-Key": uuid.uuid4().hex}
            )
            answer.raise_for_status()
            done += int(answer.json()["totals"]["done"])
            tried, took = tried + len(part), time.perf_counter() - started
            print(f"  {tried:,} of {len(posts):,} posts tried, {done:,} done, {done / took:,.0f}/s")
        return done, started, time.perf_counter()


def wait_until_seeded(hr_log: Path, hr_db: Path, workflow_db: Path, timeout: float = 3600) -> None:
    """Wait for HR's demo seeding to finish and Workflow to hold every `hr.posts` event of it,
    so nothing of the seeding runs inside the timed part."""
    deadline = time.monotonic() + timeout
    while '"demo.seeded"' not in hr_log.read_text(errors="replace"):
        if time.monotonic() > deadline:
            raise TimeoutError("HR did not finish seeding")
        time.sleep(0.2)
    seeded = _count(hr_db, "SELECT count(*) FROM outbox WHERE topic LIKE '%hr.posts'")
    facts = (
        "SELECT count(*) FROM post_events WHERE event_type IN "
        "('PostRegistered', 'TransferProposed', 'ConsultationOpened', 'ConsultationClosed')"
    )
    _wait(workflow_db, facts, seeded, timeout)


async def main(transfers: int, per_request: int) -> None:
    with tempfile.TemporaryDirectory() as folder, kafka_broker(Path(folder)) as bootstrap:
        work = Path(folder)
        prefix = f"bench{uuid.uuid4().hex[:8]}."
        messages = list(hr_post_messages(transfers))  # made before the clock starts
        started = time.perf_counter()
        baseline = await fill_topic(bootstrap, f"{prefix}bench.raw", messages)
        raw_seconds = time.perf_counter() - started
        databases = {name: f"sqlite:///{work / name}.db" for name in ("hr", "workflow")}
        services = start_services(
            ["hr", "workflow"],
            bootstrap,
            prefix,
            databases,
            work / "logs",
            {"DEMO_SUPPORT_POSTS": str(transfers), "BULK_WORKERS": "4"},
        )
        try:
            workflow_db = work / "workflow.db"
            print("waiting for HR's demo seeding and Workflow to read it ...")
            hr_log = services["hr"].log_path
            await asyncio.to_thread(wait_until_seeded, hr_log, work / "hr.db", workflow_db)
            print(f"proposing {transfers:,} transfers, {per_request:,} posts a request ...")
            # Not the posts the demo moves itself, already central or out of scope: refused.
            posts = [post.post_number for post in movable_demo_posts(2026, transfers)]
            done, first, last = await _propose(services["hr"].url, posts, per_request)
            shown = (
                "SELECT count(*) FROM post_events "
                f"WHERE event_type = 'TransferProposed' AND actor_id = '{ACTOR}'"
            )
            complete = await asyncio.to_thread(_wait, workflow_db, shown, done, 3600)
        finally:
            for service in services.values():
                service.stop()
    report(
        "bulk",
        [
            ("posts tried", f"{len(posts):,}"),
            ("transfers proposed (done rows)", f"{done:,}"),
            ("HR bulk API alone", f"{done / (last - first):,.0f} transfers/s"),
            ("end to end (to the tracker)", f"{done / (complete - first):,.0f} transfers/s"),
            ("last HR commit → tracker complete", f"{complete - last:.2f} s"),
            ("baseline: raw aiokafka producing", f"{baseline / raw_seconds:,.0f} events/s"),
            (
                "ratio end to end / raw produce",
                f"{done / (complete - first) / (baseline / raw_seconds):.3f}",
            ),
        ],
        {
            "posts": len(posts),
            "done": done,
            "per_request": per_request,
            "hr_per_s": done / (last - first),
            "end_to_end_per_s": done / (complete - first),
            "last_commit_to_tracker_s": complete - last,
            "raw_produce_per_s": baseline / raw_seconds,
        },
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transfers", type=int, default=100_000)
    parser.add_argument("--per-request", type=int, default=5000)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.transfers, arguments.per_request))
