"""Ingest: the Workflow service's consumption of a pre-filled topic vs raw aiokafka.

    python -m bench.ingest [--events 100000]

Three rates from the same topic on the same broker in the same run: raw aiokafka reading
the bytes; raw aiokafka reading and validating each envelope with pydantic; the Workflow
service (a real process, tracker state written to its database) from first to last event
applied. Prints events/s and both ratios (target: ≥ 0.5 of read + validate).
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

from bench.events import hr_post_messages
from bench.kafka_io import Rate, fill_topic, raw_read
from bench.report import report
from tests.support.brokers import free_port, kafka_broker
from tests.support.services import ServiceProcess, service_env


def service_rate(bootstrap: str, prefix: str, expected: int, work: Path) -> Rate:
    """Start Workflow on the filled topic; time first → last applied event (inbox rows)."""
    database = work / "workflow.db"
    port = free_port()
    service = ServiceProcess(
        "workflow",
        port,
        work / "workflow.log",
        service_env("workflow", port, bootstrap, prefix, f"sqlite:///{database}"),
    )
    service.start()
    try:
        service.wait_healthy(timeout=120)
        return _watch_inbox(database, expected)
    finally:
        service.stop()


def _watch_inbox(database: Path, expected: int, timeout: float = 900) -> Rate:
    connection = sqlite3.connect(database, timeout=30)
    first_seen, first_count = 0.0, 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        count = connection.execute("SELECT count(*) FROM inbox").fetchone()[0]
        now = time.perf_counter()
        if count and not first_seen:
            first_seen, first_count = now, count
        if count >= expected:
            return Rate(count - first_count, now - first_seen)
        time.sleep(0.05)
    raise TimeoutError(f"only {count} of {expected} events applied in {timeout}s")


async def main(events: int) -> None:
    with tempfile.TemporaryDirectory() as folder, kafka_broker(Path(folder)) as bootstrap:
        prefix = f"bench{uuid.uuid4().hex[:8]}."
        topic = f"{prefix}hr.posts"
        filled = await fill_topic(bootstrap, topic, hr_post_messages(events))
        raw = await raw_read(bootstrap, topic, filled, validate=False)
        validated = await raw_read(bootstrap, topic, filled, validate=True)
        ours = await asyncio.to_thread(service_rate, bootstrap, prefix, filled, Path(folder))
    report(
        "ingest",
        [
            ("events", f"{filled:,}"),
            ("raw aiokafka read", f"{raw.per_second:,.0f}/s"),
            ("raw read + validate", f"{validated.per_second:,.0f}/s"),
            ("Workflow service", f"{ours.per_second:,.0f}/s"),
            ("ratio to raw read", f"{ours.per_second / raw.per_second:.2f}"),
            (
                "ratio to read + validate (target ≥ 0.5)",
                f"{ours.per_second / validated.per_second:.2f}",
            ),
        ],
        {
            "events": filled,
            "raw_per_s": raw.per_second,
            "validated_per_s": validated.per_second,
            "workflow_per_s": ours.per_second,
            "ratio_raw": ours.per_second / raw.per_second,
            "ratio_validated": ours.per_second / validated.per_second,
        },
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    asyncio.run(main(parser.parse_args().events))
