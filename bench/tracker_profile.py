"""Time the Workflow tracker's apply path in-process (no Kafka): read → dedupe → apply → inbox.

    python -m bench.tracker_profile [--events 100000] [--batch 500]

CPU time (other load on the machine does not count) of reading alone (the catalogue), then
of the consumer's whole `handle` (read, dedupe, apply in one transaction) on a fresh SQLite
file, so a profiler (py-spy, pyinstrument) sees only the service's own work.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.events import hr_post_messages
from services.workflow.adapters.tables import messaging, metadata
from services.workflow.application.tracker import Tracker
from shared.events.catalogue import read_event
from shared.kafka.consuming import EventConsumer
from shared.persistence.engine import make_engine


@dataclass(frozen=True)
class _Record:
    """As much of an aiokafka ConsumerRecord as the consumer reads."""

    topic: str
    partition: int
    offset: int
    key: bytes
    value: bytes


class _NoDeadLetters:
    async def send(self, record: Any, code: str, reason: str) -> None:
        raise AssertionError(f"dead letter: {code} {reason}")


def main(events: int, batch: int) -> None:
    messages = list(hr_post_messages(events))
    values = [value for _, value in messages]
    records = [_Record("bench.hr.posts", 0, n, k, v) for n, (k, v) in enumerate(messages)]
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'workflow.db'}")
        metadata.create_all(engine)
        consumer = EventConsumer(
            "workflow.tracker",
            engine,
            messaging,
            Tracker("bench."),
            _NoDeadLetters(),  # type: ignore[arg-type]
        )
        started = time.process_time()
        for value in values:
            read_event(value)
        reading = time.process_time() - started
        started = time.process_time()
        for start in range(0, len(records), batch):
            asyncio.run(consumer.handle(records[start : start + batch]))
        handling = time.process_time() - started
        applying = handling - reading
    print(f"read    {len(values):,} in {reading:.2f}s: {len(values) / reading:,.0f}/s")
    print(f"apply   {len(values):,} in ~{applying:.2f}s: {len(values) / applying:,.0f}/s")
    print(f"handle  {len(values):,} in {handling:.2f}s: {len(values) / handling:,.0f}/s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    arguments = parser.parse_args()
    main(arguments.events, arguments.batch)
