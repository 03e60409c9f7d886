"""What `/metrics` reads when Prometheus scrapes, as metric families.

Lag is the group's committed offset against the partition's end, asked of Kafka for the
partitions this instance holds (what `kafka-consumer-groups --describe` shows). Dead
letters, parked events and the outbox are counted in the service's own tables, so they
survive a restart; events applied count this process's work since it started.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from sqlalchemy import Connection, func, select

from shared.kafka.consuming import consumers_using
from shared.persistence.tables import MessagingTables

CONSUMER_LABELS = ["service", "consumer", "topic", "partition"]


async def consumer_lag(service: str, subscribers: Iterable[Any]) -> list[Metric]:
    """Lag and assigned partitions of each Kafka subscriber's consumer group."""
    labels = ["service", "group", "topic", "partition"]
    lag = GaugeMetricFamily(
        "onecouncil_consumer_lag",
        "Events on the partition after the group's committed offset (0: caught up).",
        labels=labels,
    )
    held = GaugeMetricFamily(
        "onecouncil_consumer_assigned_partitions",
        "Partitions of its topics this instance holds for the group.",
        labels=["service", "group"],
    )
    for subscriber in subscribers:
        consumer = getattr(subscriber, "consumer", None)
        group = str(getattr(subscriber, "group_id", ""))
        partitions = sorted(consumer.assignment()) if consumer is not None else []
        held.add_metric([service, group], len(partitions))
        if partitions:
            for tp, behind in (await _lag_of(consumer, partitions)).items():
                lag.add_metric([service, group, tp.topic, str(tp.partition)], behind)
    return [lag, held]


async def _lag_of(consumer: Any, partitions: list[Any]) -> dict[Any, int]:
    ends = await consumer.end_offsets(partitions)
    committed = await asyncio.gather(*(consumer.committed(tp) for tp in partitions))
    starts: dict[Any, int] = {}
    if any(offset is None for offset in committed):  # nothing committed yet: from the start
        starts = await consumer.beginning_offsets(partitions)
    return {
        tp: max(ends[tp] - (offset if offset is not None else starts[tp]), 0)
        for tp, offset in zip(partitions, committed, strict=True)
    }


def consumer_counts(service: str, engine: Any) -> list[Metric]:
    """Events this process's consumers applied and parked, by topic and partition."""
    applied = CounterMetricFamily(
        "onecouncil_events_applied",
        "Events applied by the consumer since the process started.",
        labels=CONSUMER_LABELS,
    )
    parked = CounterMetricFamily(
        "onecouncil_events_parked",
        "Events parked behind a dead letter by the consumer since the process started.",
        labels=CONSUMER_LABELS,
    )
    for consumer in consumers_using(engine):
        for (topic, partition), count in consumer.applied_from.items():
            applied.add_metric([service, consumer.name, topic, str(partition)], count)
        for (topic, partition), count in consumer.parked_from.items():
            parked.add_metric([service, consumer.name, topic, str(partition)], count)
    return [applied, parked]


def table_counts(service: str, connection: Connection, tables: MessagingTables) -> list[Metric]:
    """Dead letters by status, events parked now, and the outbox's waiting rows."""
    letters = GaugeMetricFamily(
        "onecouncil_dead_letters",
        "Events set aside on the dead-letter topic, by status (open, redriven, discarded).",
        labels=[*CONSUMER_LABELS, "status"],
    )
    dead = tables.dead_letters.c
    by_status = select(
        dead.consumer, dead.source_topic, dead.source_partition, dead.status, func.count()
    ).group_by(dead.consumer, dead.source_topic, dead.source_partition, dead.status)
    for consumer, topic, partition, status, count in connection.execute(by_status):
        letters.add_metric([service, consumer, topic, str(partition), status], count)
    parked = GaugeMetricFamily(
        "onecouncil_parked_events",
        "Events waiting behind an open dead letter now.",
        labels=["service", "consumer"],
    )
    held = tables.parked.c
    for consumer, count in connection.execute(
        select(held.consumer, func.count()).group_by(held.consumer)
    ):
        parked.add_metric([service, consumer], count)
    return [letters, parked, *_outbox(service, connection, tables)]


def _outbox(service: str, connection: Connection, tables: MessagingTables) -> list[Metric]:
    outbox = tables.outbox.c
    waiting, oldest = connection.execute(
        select(func.count(), func.min(outbox.created_at)).where(outbox.sent_at.is_(None))
    ).one()
    age = 0.0
    if oldest is not None:
        created = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)  # SQLite: naive UTC
        age = max((datetime.now(UTC) - created).total_seconds(), 0.0)
    backlog = GaugeMetricFamily(
        "onecouncil_outbox_waiting",
        "Events committed to the outbox and not yet on Kafka.",
        labels=["service"],
    )
    backlog.add_metric([service], waiting)
    oldest_age = GaugeMetricFamily(
        "onecouncil_outbox_oldest_waiting_seconds",
        "Age of the oldest event not yet on Kafka (0 when none waits).",
        labels=["service"],
    )
    oldest_age.add_metric([service], age)
    return [backlog, oldest_age]
