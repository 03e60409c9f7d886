"""Two replicas of one service on one PostgreSQL database: one leads each role and, when it
dies, the other takes over at once; a resolution never runs beside a batch of any replica;
and the outbox relay of a replica killed mid-batch (armed hook) leaves nothing unpublished
and no aggregate out of order."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, text
from sqlalchemy.exc import OperationalError

from shared import faults
from shared.events.topics import FINANCE_SAVINGS
from shared.kafka.provisioning import ensure_topics
from shared.kafka.relay import OutboxRelay
from shared.persistence.engine import make_engine
from shared.persistence.replicas import Leadership, batch_lock, resolution_lock
from shared.persistence.tables import MessagingTables, messaging_tables
from tests.integration.shared.replicas_kit import TEAMS, record_rounds, unsent
from tests.support.databases import NewDatabase
from tests.support.topics import read_until
from tests.support.waiting import eventually, eventually_async

pytestmark = pytest.mark.postgres


@pytest.fixture
def two_replicas(new_database: NewDatabase) -> Iterator[tuple[Engine, Engine, MessagingTables]]:
    """Two engines (as two replicas would have) on one new database with the messaging tables."""
    url = new_database("replicas")
    metadata = MetaData()
    tables = messaging_tables(metadata)
    first, second = make_engine(url), make_engine(url)
    metadata.create_all(first)
    yield first, second, tables
    first.dispose()
    second.dispose()


def test_one_replica_leads_a_role_and_another_takes_over_the_moment_it_dies(
    two_replicas: tuple[Engine, Engine, MessagingTables],
) -> None:
    first_engine, second_engine, _ = two_replicas
    first, second = (
        Leadership(first_engine, "hr:scheduler"),
        Leadership(second_engine, "hr:scheduler"),
    )
    assert first.try_lead()
    assert not second.try_lead(), "two replicas led the scheduler at once"
    assert first.try_lead(), "the leader lost its role while alive"
    first.abandon()  # its session ends, as when its process is killed
    # PostgreSQL ends the backend (and frees its lock) a moment after the client is gone.
    eventually(second.try_lead, what="the other replica leading", timeout=10, interval=0.02)
    assert not first.try_lead()
    second.resign()  # a clean shutdown hands over just as fast
    assert first.try_lead()
    first.resign()


def test_a_resolution_waits_for_every_replicas_batches_and_holds_them_off(
    two_replicas: tuple[Engine, Engine, MessagingTables],
) -> None:
    first_engine, second_engine, _ = two_replicas
    with first_engine.begin() as batch, second_engine.begin() as other_batch:
        batch_lock(batch, "hr-consumer")
        batch_lock(other_batch, "hr-consumer")  # batches of two replicas run side by side
        with second_engine.begin() as resolving:
            resolving.execute(text("SET LOCAL lock_timeout = '300ms'"))
            with pytest.raises(OperationalError, match="lock timeout"):
                resolution_lock(resolving, "hr-consumer")
    with second_engine.begin() as resolving, first_engine.begin() as batch:
        resolution_lock(resolving, "hr-consumer")  # no batch in flight: granted at once
        batch.execute(text("SET LOCAL lock_timeout = '300ms'"))
        with pytest.raises(OperationalError, match="lock timeout"):
            batch_lock(batch, "hr-consumer")


async def test_a_relay_killed_mid_batch_hands_over_and_nothing_is_lost_or_out_of_order(
    two_replicas: tuple[Engine, Engine, MessagingTables],
    kafka_bootstrap: str,
    topic_prefix: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first_engine, second_engine, tables = two_replicas
    topic = topic_prefix + FINANCE_SAVINGS
    await ensure_topics(kafka_bootstrap, [topic], partitions=2)
    recorded = record_rounds(first_engine, tables, topic_prefix, range(40))  # 200 events
    marker = tmp_path / "paused"
    monkeypatch.setattr(faults, "_arrivals", Counter())
    monkeypatch.setenv(faults.PAUSE_AT, "relay.batch_published@1")
    monkeypatch.setenv(faults.MARKER, str(marker))
    relays = [
        OutboxRelay(engine, tables, kafka_bootstrap, f"replica-{n}", 0.02, 50, "finance")
        for n, engine in enumerate((first_engine, second_engine))
    ]
    tasks = [asyncio.create_task(relay.run()) for relay in relays]
    try:
        await eventually_async(
            lambda: asyncio.to_thread(lambda: marker.exists()), what="a relay paused mid-batch"
        )
        assert unsent(first_engine, tables) == len(recorded), "the other relay published too"
        victim = next(n for n, relay in enumerate(relays) if relay.leadership.leading)
        relays[victim].leadership.abandon()  # the process dies: its session and lock go
        tasks[victim].cancel()
        await eventually_async(
            lambda: asyncio.to_thread(unsent, first_engine, tables),
            lambda unsent: unsent == 0,
            what="every event sent by the replica left",
        )
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def every_event_there(messages: list[dict[str, object]]) -> bool:
        return {m["value"]["event_id"] for m in messages} >= set(recorded)  # type: ignore[index]

    messages = await read_until(kafka_bootstrap, topic, every_event_there)
    assert len(messages) - len(recorded) <= 50, "more than the batch in flight was sent twice"
    for team in TEAMS:
        first_copies: list[int] = []
        for message in messages:
            document = message["value"]
            if document["aggregate_id"] == team and document["sequence"] not in first_copies:
                first_copies.append(document["sequence"])
        assert first_copies == list(range(1, 41)), f"{team}'s events arrived out of order"
