"""Two replicas of one consumer share its group and its PostgreSQL database. One is killed
right after it committed a batch, before Kafka heard (armed hook `consumer.batch_applied`):
the other takes its partitions over, and every event is applied once, each team's in order."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from faststream.kafka import KafkaMessage
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, insert, select
from sqlalchemy.engine import Connection

from shared import faults
from shared.config import ServiceSettings
from shared.events.catalogue import ReadEvent
from shared.events.topics import FINANCE_DEAD_LETTERS, FINANCE_SAVINGS
from shared.kafka.broker import event_subscriber, make_broker
from shared.kafka.consuming import EventConsumer
from shared.kafka.dead_letters import DeadLetters
from shared.kafka.provisioning import ensure_topics
from shared.kafka.relay import OutboxRelay
from shared.persistence.engine import make_engine
from shared.persistence.tables import MessagingTables, messaging_tables
from tests.integration.shared.replicas_kit import TEAMS, record_rounds, unsent
from tests.support.databases import NewDatabase
from tests.support.in_process import settings_for_test
from tests.support.waiting import eventually_async

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]
GROUP = "savings-readers"
metadata = MetaData()
tables = messaging_tables(metadata)
applied = Table(
    "applied",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),  # the order of applying
    Column("event_id", String(36), nullable=False),  # not unique: a double would show
    Column("team", String(10), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("replica", String(10), nullable=False),
)


class Replica:
    """One replica: its own engine and broker, the consumer every replica runs."""

    def __init__(self, name: str, settings: ServiceSettings) -> None:
        self.name = name
        self.engine = make_engine(settings.database_url)
        self.broker = make_broker(settings, f"replica-{name}")
        dead_letters = DeadLetters(self.broker, FINANCE_DEAD_LETTERS, settings.topic_prefix, GROUP)
        self.consumer = EventConsumer(GROUP, self.engine, tables, self.apply, dead_letters)

        async def on_events(_: Any, message: KafkaMessage) -> None:
            await self.consumer.handle(message.raw_message)

        event_subscriber(self.broker, settings, (FINANCE_SAVINGS,), GROUP)(on_events)

    def holds_partitions(self) -> bool:
        consumers = (getattr(s, "consumer", None) for s in self.broker.subscribers)
        return any(consumer and consumer.assignment() for consumer in consumers)

    def apply(self, connection: Connection, events: list[ReadEvent]) -> None:
        rows = [
            {
                "event_id": event.event_id,
                "team": event.envelope.aggregate_id,
                "sequence": event.envelope.sequence,
                "replica": self.name,
            }
            for event in events
        ]
        connection.execute(insert(applied), rows)


def _applied(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(select(applied).order_by(applied.c.id)))


async def _publish(engine: Engine, relay: OutboxRelay, messaging: MessagingTables) -> None:
    while await asyncio.to_thread(unsent, engine, messaging):
        await relay.publish_pending()


@pytest.fixture
async def database(new_database: NewDatabase) -> AsyncIterator[str]:
    url = new_database("consumer_replicas")
    engine = make_engine(url)
    metadata.create_all(engine)
    engine.dispose()
    yield url


async def test_a_replica_killed_after_its_commit_loses_nothing_and_applies_nothing_twice(
    database: str,
    kafka_bootstrap: str,
    topic_prefix: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = settings_for_test(
        ServiceSettings, kafka_bootstrap, database, topic_prefix=topic_prefix
    )
    physical = [topic_prefix + FINANCE_SAVINGS, topic_prefix + FINANCE_DEAD_LETTERS]
    await ensure_topics(kafka_bootstrap, physical, partitions=4)
    writer = make_engine(database)
    relay = OutboxRelay(writer, tables, kafka_bootstrap, "writer", 0.02, 100, "finance")
    replicas = [Replica(name, settings) for name in ("A", "B")]
    stopped: list[Replica] = []
    marker = tmp_path / "paused"
    monkeypatch.setattr(faults, "_arrivals", Counter())
    monkeypatch.setattr(faults, "_released", threading.Event())
    try:
        for replica in replicas:
            await replica.broker.start()
        await eventually_async(
            lambda: asyncio.sleep(0, [r.holds_partitions() for r in replicas]),
            all,
            what="both replicas holding partitions of the group",
            timeout=60,
        )
        monkeypatch.setenv(faults.PAUSE_AT, "consumer.batch_applied@1")
        monkeypatch.setenv(faults.MARKER, str(marker))
        recorded = record_rounds(writer, tables, topic_prefix, range(30))
        await _publish(writer, relay, tables)
        await eventually_async(
            lambda: asyncio.to_thread(marker.exists), what="a replica paused after a commit"
        )
        rows = await asyncio.to_thread(_applied, writer)
        by_replica = Counter(row.replica for row in rows)
        # The paused one committed rows its in-memory count has not reached.
        victim = next(r for r in replicas if by_replica[r.name] > r.consumer.applied)
        survivor = next(r for r in replicas if r is not victim)
        await asyncio.wait_for(victim.broker.stop(), 30)  # gone, its batch uncommitted in Kafka
        stopped.append(victim)

        recorded += record_rounds(writer, tables, topic_prefix, range(30, 60))
        await _publish(writer, relay, tables)
        rows = await eventually_async(
            lambda: asyncio.to_thread(_applied, writer),
            lambda found: {row.event_id for row in found} >= set(recorded),
            what="every event applied by the replica left",
            timeout=60,
        )
    finally:
        faults.release_paused_threads()
        for replica in replicas:
            if replica not in stopped:
                await replica.broker.stop()
            replica.engine.dispose()
        await relay._close_producer()
        writer.dispose()

    assert len(rows) == len(recorded), "an event was applied twice"
    assert {row.replica for row in rows[len(rows) // 2 :]} == {survivor.name}
    for team in TEAMS:
        assert [row.sequence for row in rows if row.team == team] == list(range(1, 61)), team
