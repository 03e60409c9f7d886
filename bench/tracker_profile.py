"""Where the Workflow tracker's time goes, in-process (no Kafka), statement by statement.

    python -m bench.tracker_profile [--events 100000] [--batch 2000] [--default-gc]

Builds the tracker's consumer exactly as the service composes it (`with_feed(Tracker)`, the
same batch size, the collector quietened as `ServiceRuntime.start` does) on a fresh SQLite
file, then times, per event: the catalogue's read alone; and the consumer's settling of each
batch split into its parts (inbox and parking lookups, the tracker's Python, its fact,
journey and milestone statements, the feed's rows, the inbox rows, and the commit as what
is left). Wall time with no other work in the process, so run it on a quiet machine or
compare parts within one run; `--default-gc` shows what the collector's defaults cost.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.events import hr_post_messages
from bench.report import report
from services.workflow.adapters.tables import messaging, metadata
from services.workflow.entrypoints.consumers import TRACKER_BATCH, TRACKER_CONSUMER
from services.workflow.projections import tracker
from services.workflow.subscriptions import feed, feed_store
from shared.chunks import chunks
from shared.events.catalogue import read_event
from shared.kafka import consuming
from shared.kafka.consuming import EventConsumer
from shared.kafka.parking import Incoming
from shared.persistence.engine import make_engine
from shared.runtime import quieten_garbage_collector

# (module, function name, label): each is timed where its caller looks it up.
PARTS = (
    (tracker, "known_facts", "tracker: which facts are new (query)"),
    (tracker, "insert_fact_rows", "tracker: fact rows (insert)"),
    (tracker, "upsert_journeys", "tracker: journeys (upsert)"),
    (tracker, "team_centralised_milestones", "tracker: team milestone query"),
    (tracker, "publish_once", "tracker: milestones to the outbox"),
    (feed_store, "append", "feed: rows (insert)"),
    (consuming, "mark_applied", INBOX := "inbox rows (insert)"),
)
ORDER = (
    "read alone (catalogue read_event, results dropped)",
    "read (catalogue read_event)",
    "settle (all)",
    "inbox and parking lookups",
    "tracker (all)",
    *(label for _, _, label in PARTS if label.startswith("tracker:")),
    "tracker: Python (the rest)",
    "feed (all)",
    "feed: rows (insert)",
    "feed: Python (the rest)",
    INBOX,
    "commit (the rest of settle)",
)


@dataclass(frozen=True, kw_only=True)
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


def _timed(spent: dict[str, float], label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*arguments: Any, **keywords: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*arguments, **keywords)
        finally:
            spent[label] += time.perf_counter() - started

    return timed


def measure(events: int, batch: int) -> dict[str, float]:
    """Seconds spent per part over `events` events."""
    messages = list(hr_post_messages(events))
    records = [
        _Record(topic="bench.hr.posts", partition=0, offset=n, key=k, value=v)
        for n, (k, v) in enumerate(messages)
    ]
    spent: dict[str, float] = defaultdict(float)
    started = time.perf_counter()
    for _, value in messages:
        read_event(value)
    spent["read alone (catalogue read_event, results dropped)"] = time.perf_counter() - started
    for module, name, label in PARTS:
        setattr(module, name, _timed(spent, label, getattr(module, name)))
    apply = _timed(spent, "tracker (all)", tracker.Tracker("bench."))
    feed.apply_feed_events = _timed(spent, "feed (all)", feed.apply_feed_events)
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'workflow.db'}")
        metadata.create_all(engine)
        dead_letters: Any = _NoDeadLetters()
        consumer = EventConsumer(
            TRACKER_CONSUMER, engine, messaging, feed.with_feed(apply), dead_letters
        )
        consumer._sort = _timed(spent, "inbox and parking lookups", consumer._sort)  # type: ignore[method-assign]
        for chunk in chunks(records, batch):
            started = time.perf_counter()
            entries = [Incoming(record, event=read_event(record.value)) for record in chunk]
            spent["read (catalogue read_event)"] += time.perf_counter() - started
            started = time.perf_counter()
            consumer._settle_in_transaction(entries)
            spent["settle (all)"] += time.perf_counter() - started
        engine.dispose()
    return spent


def main(events: int, batch: int, default_gc: bool) -> None:
    if not default_gc:
        quieten_garbage_collector()
    spent = measure(events, batch)
    spent["tracker: Python (the rest)"] = spent["tracker (all)"] - sum(
        spent[label] for _, _, label in PARTS if label.startswith("tracker:")
    )
    spent["feed: Python (the rest)"] = spent["feed (all)"] - spent["feed: rows (insert)"]
    spent["commit (the rest of settle)"] = spent["settle (all)"] - sum(
        spent[label]
        for label in ("inbox and parking lookups", "tracker (all)", "feed (all)", INBOX)
    )
    per_event = {label: seconds / events * 1e6 for label, seconds in spent.items()}
    total = per_event["read (catalogue read_event)"] + per_event["settle (all)"]
    report(
        "tracker_profile",
        [
            ("events", f"{events:,} in batches of {batch:,}"),
            ("collector", "defaults" if default_gc else "quietened, as in the service"),
            *((label, f"{per_event[label]:.1f} µs/event") for label in ORDER),
            ("read + settle", f"{total:.1f} µs/event = {1e6 / total:,.0f} events/s"),
        ],
        {"events": events, "batch": batch, "default_gc": default_gc, "us_per_event": per_event},
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=TRACKER_BATCH)
    parser.add_argument("--default-gc", action="store_true")
    arguments = parser.parse_args()
    gc.collect()
    main(arguments.events, arguments.batch, arguments.default_gc)
