"""Ingest: the Workflow service's consumption of a pre-filled topic vs raw aiokafka.

    python -m bench.ingest [--events 100000]

Rates from the same topic on the same broker in the same run: raw aiokafka reading the
bytes; raw aiokafka reading and validating each message with plain pydantic (envelope from
the bytes, then its payload: the issue's "read + validate" baseline); the same read through
the catalogue's `read_event` (what our consumers call); and the Workflow service (a real
process, tracker state written to its SQLite database), timed from the tracker's first to
its last applied event (its inbox rows). Every consumer in the process reads the topic
(the tracker and the subscriptions feed), so the service's rate is the tracker's while the
feed competes for the CPU and the database. Uses KAFKA_BOOTSTRAP_SERVERS if set, else a
private broker.
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

TRACKER = "workflow.tracker"


def service_rates(bootstrap: str, prefix: str, expected: int, work: Path) -> dict[str, Rate]:
    """Start Workflow on the filled topic; time each consumer's first → last applied event."""
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


def _watch_inbox(database: Path, expected: int, timeout: float = 900) -> dict[str, Rate]:
    """Rates of the consumers that applied every event; returns once the tracker has and
    no consumer's count moved for two seconds."""
    connection = sqlite3.connect(database, timeout=30)
    first: dict[str, tuple[float, int]] = {}
    done: dict[str, Rate] = {}
    counts: dict[str, int] = {}
    quiet_since = time.monotonic()
    deadline = quiet_since + timeout
    while time.monotonic() < deadline:
        now_counts = dict(
            connection.execute("SELECT consumer, count(*) FROM inbox GROUP BY consumer")
        )
        now = time.perf_counter()
        if now_counts != counts:
            counts, quiet_since = now_counts, time.monotonic()
        for consumer, count in counts.items():
            first.setdefault(consumer, (now, count))
            if consumer not in done and count >= expected:
                started, at_start = first[consumer]
                done[consumer] = Rate(count - at_start, now - started)
        if TRACKER in done and time.monotonic() - quiet_since > 2:
            return done
        time.sleep(0.1)
    raise TimeoutError(f"only {counts} of {expected} events applied in {timeout}s")


async def main(events: int) -> None:
    with tempfile.TemporaryDirectory() as folder, kafka_broker(Path(folder)) as bootstrap:
        prefix = f"bench{uuid.uuid4().hex[:8]}."
        topic = f"{prefix}hr.posts"
        filled = await fill_topic(bootstrap, topic, hr_post_messages(events))
        raw = await raw_read(bootstrap, topic, filled)
        validated = await raw_read(bootstrap, topic, filled, "pydantic")
        catalogue = await raw_read(bootstrap, topic, filled, "catalogue")
        ours = await asyncio.to_thread(service_rates, bootstrap, prefix, filled, Path(folder))
    tracker = ours[TRACKER]
    others = {name: rate.per_second for name, rate in ours.items() if name != TRACKER}
    report(
        "ingest",
        [
            ("events", f"{filled:,}"),
            ("raw aiokafka read", f"{raw.per_second:,.0f}/s"),
            ("raw read + validate (plain pydantic)", f"{validated.per_second:,.0f}/s"),
            ("raw read + catalogue read_event", f"{catalogue.per_second:,.0f}/s"),
            ("Workflow service (tracker)", f"{tracker.per_second:,.0f}/s"),
            *((f"  alongside: {name}", f"{rate:,.0f}/s") for name, rate in others.items()),
            ("ratio to raw read", f"{tracker.per_second / raw.per_second:.2f}"),
            (
                "ratio to read + validate (target ≥ 0.5)",
                f"{tracker.per_second / validated.per_second:.2f}",
            ),
        ],
        {
            "events": filled,
            "raw_per_s": raw.per_second,
            "validated_per_s": validated.per_second,
            "catalogue_per_s": catalogue.per_second,
            "workflow_per_s": tracker.per_second,
            "other_consumers_per_s": others,
            "ratio_raw": tracker.per_second / raw.per_second,
            "ratio_validated": tracker.per_second / validated.per_second,
        },
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    asyncio.run(main(parser.parse_args().events))
