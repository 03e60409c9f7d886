"""Ingest: the Workflow service's consumption of a pre-filled topic vs raw aiokafka.

    python -m bench.ingest [--events 100000]

Rates from the same topic on the same broker in the same run: raw aiokafka reading the
bytes; raw aiokafka reading and validating each message with plain pydantic (envelope from
the bytes, then its payload: the issue's "read + validate" baseline); the same read through
the catalogue's `read_event` (what our consumers call); and the Workflow service (a real
process, tracker state written to its SQLite database), timed from the tracker group's
first to its last committed offset (committed only once a batch is applied). The tracker
writes the subscriptions feed's rows in the same transaction, so its rate includes the
feed. Uses
KAFKA_BOOTSTRAP_SERVERS if set, else a private broker.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient

from bench.events import hr_post_messages
from bench.kafka_io import Rate, fill_topic, raw_read
from bench.report import report
from shared.kafka.security import client_options
from tests.support.brokers import free_port, kafka_broker
from tests.support.services import ServiceProcess, service_env

TRACKER = "workflow.tracker"
CONSUMERS = (TRACKER,)  # the only reader of hr.posts in Workflow (it writes the feed too)


def service_rates(bootstrap: str, prefix: str, expected: int, work: Path) -> dict[str, Rate]:
    """Start Workflow on the filled topic; time each consumer group's first → last commit."""
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
        groups = {name: f"{prefix}{name}" for name in CONSUMERS}
        return asyncio.run(_watch_commits(bootstrap, f"{prefix}hr.posts", groups, expected))
    finally:
        service.stop()


async def _watch_commits(
    bootstrap: str, topic: str, groups: dict[str, str], expected: int, timeout: float = 900
) -> dict[str, Rate]:
    """Rates from the groups' committed offsets on the topic (the subscriber commits only
    after a batch is applied), so watching costs the service's database nothing."""
    admin = AIOKafkaAdminClient(**client_options(bootstrap))
    await admin.start()
    first: dict[str, tuple[float, int]] = {}
    done: dict[str, Rate] = {}
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and len(done) < len(groups):
            for name, group in groups.items():
                if name in done:
                    continue
                offsets = await admin.list_consumer_group_offsets(group)
                now = time.perf_counter()
                count = sum(m.offset for tp, m in offsets.items() if tp.topic == topic)
                if count and name not in first:
                    first[name] = (now, count)
                if count >= expected:
                    started, at_start = first[name]
                    done[name] = Rate(count - at_start, now - started)
            await asyncio.sleep(0.05)
    finally:
        await admin.close()
    if TRACKER not in done:
        raise TimeoutError(f"the tracker did not commit {expected} events in {timeout}s")
    return done


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
