"""The outbox relay on PostgreSQL with one replica and with two (one elected, one waiting):
events/s and CPU-seconds per event, against raw aiokafka producing the same bodies.

    python -m bench.relay --events 20000

Needs PostgreSQL (`BENCH_POSTGRES_URL`, default the local test server) and Kafka
(`KAFKA_BOOTSTRAP_SERVERS`). Both relays run in this process, as two replicas' would on
one machine: CPU per event counts the waiting one's polling too.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import time
import uuid
from datetime import UTC, datetime

from sqlalchemy import Engine, MetaData, create_engine, func, select, text

from bench.kafka_io import fill_topic
from bench.report import report
from shared.events.envelope import Actor
from shared.events.finance import SavingsTargetSet
from shared.events.topics import FINANCE_SAVINGS
from shared.kafka.provisioning import ensure_topics
from shared.kafka.relay import OutboxRelay
from shared.persistence.engine import make_engine
from shared.persistence.outbox import EventContext, NewEvent, record_events
from shared.persistence.tables import MessagingTables, messaging_tables

ADMIN = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://onecouncil:onecouncil@127.0.0.1:5432/postgres"
)
PER_TRANSACTION = 500


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def new_database() -> str:
    """A brand-new empty database on the benchmark's PostgreSQL server; its URL."""
    name = f"bench_relay_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return ADMIN.rsplit("/", 1)[0] + "/" + name


def _fill_outbox(engine: Engine, tables: MessagingTables, prefix: str, events: int) -> None:
    context = EventContext(
        producer="finance",
        actor=Actor(id="bench", role="finance_staff"),
        correlation_id=uuid.uuid4(),
        topic_prefix=prefix,
    )
    teams = [f"T{n:04d}" for n in range(200)]
    for start in range(0, events, PER_TRANSACTION):
        batch = [
            NewEvent(
                payload=SavingsTargetSet(team=teams[n % 200], financial_year="2026/27", amount=n),
                aggregate_id=teams[n % 200],
            )
            for n in range(start, min(events, start + PER_TRANSACTION))
        ]
        with engine.begin() as connection:
            record_events(connection, tables, context, batch, datetime.now(UTC))


def _unsent(engine: Engine, tables: MessagingTables) -> int:
    with engine.connect() as connection:
        query = select(func.count()).where(tables.outbox.c.sent_at.is_(None))
        return int(connection.scalar(query) or 0)


async def _relay_run(bootstrap: str, replicas: int, events: int) -> dict[str, float]:
    url = new_database()
    metadata = MetaData()
    tables = messaging_tables(metadata)
    engines = [make_engine(url) for _ in range(replicas)]
    metadata.create_all(engines[0])
    prefix = f"bench{uuid.uuid4().hex[:6]}."
    await ensure_topics(bootstrap, [prefix + FINANCE_SAVINGS], partitions=6)
    _fill_outbox(engines[0], tables, prefix, events)
    relays = [
        OutboxRelay(engine, tables, bootstrap, f"bench-{n}", 0.05, 1000, "finance")
        for n, engine in enumerate(engines)
    ]
    cpu, started = _cpu(), time.perf_counter()
    tasks = [asyncio.create_task(relay.run()) for relay in relays]
    while await asyncio.to_thread(_unsent, engines[0], tables):
        await asyncio.sleep(0.02)
    seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for engine in engines:
        engine.dispose()
    publishers = sum(1 for relay in relays if relay.published)
    return {"per_s": events / seconds, "cpu_us": cpu / events * 1e6, "publishers": publishers}


async def _raw_produce(bootstrap: str, events: int) -> float:
    body = SavingsTargetSet(team="T0000", financial_year="2026/27", amount=1).model_dump_json()
    topic = f"bench{uuid.uuid4().hex[:6]}.raw"
    started = time.perf_counter()
    await fill_topic(
        bootstrap, topic, ((b"T%04d" % (n % 200), body.encode()) for n in range(events))
    )
    return events / (time.perf_counter() - started)


async def main(events: int) -> None:
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    raw = await _raw_produce(bootstrap, events)
    one = await _relay_run(bootstrap, 1, events)
    two = await _relay_run(bootstrap, 2, events)
    rows = [
        ("raw aiokafka produce", f"{raw:,.0f}/s"),
        ("relay, 1 replica", f"{one['per_s']:,.0f}/s · {one['cpu_us']:.1f} µs CPU/event"),
        (
            "relay, 2 replicas (1 elected)",
            f"{two['per_s']:,.0f}/s · {two['cpu_us']:.1f} µs CPU/event",
        ),
        ("publishing replicas with 2", f"{two['publishers']:.0f}"),
        ("ratio relay (1) / raw", f"{one['per_s'] / raw:.2f}"),
    ]
    figures = {"events": events, "raw_per_s": raw, "one_replica": one, "two_replicas": two}
    report("relay", rows, figures)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20000)
    asyncio.run(main(parser.parse_args().events))
