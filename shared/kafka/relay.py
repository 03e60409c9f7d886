"""The outbox relay: publishes committed events to Kafka in order, then marks them sent.

It publishes with an idempotent producer (acks=all), waits for every send in a batch to
be acknowledged and only then marks the rows sent. A crash between the two republishes
the same bytes (same event ids), which consumers' inboxes skip: nothing lost, nothing
applied twice. Failures are retried with backoff for as long as the process lives.

Every replica runs a relay, but only the elected one publishes (shared/persistence/replicas.py):
one publisher keeps the outbox's order without claiming rows, and when it dies PostgreSQL frees
its lock and another replica's relay takes over within `FOLLOWER_INTERVAL_S`. (Two publishers at
once, as in a take-over while the old leader's last batch is in flight, would only send
duplicates: each publishes the unsent rows in id order, so every event's first copy still
follows its aggregate's earlier events.)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import structlog
from aiokafka import AIOKafkaProducer
from sqlalchemy import Engine, select, update

from shared.faults import fault_point_async
from shared.kafka.security import KafkaAccess, client_options
from shared.persistence.replicas import Leadership
from shared.persistence.signed_log import LOG_INDEX_HEADER, assign_positions
from shared.persistence.tables import MessagingTables
from shared.tracing.publishing import publish_spans
from shared.waiting import until_set

log = structlog.get_logger(__name__)
FOLLOWER_INTERVAL_S = 0.25  # how soon a waiting replica's relay takes over from a dead one
CHECKPOINTS_SUFFIX = ".checkpoints"


class OutboxRelay:
    """Moves rows from a service's outbox to Kafka; run it as one task per process."""

    def __init__(
        self,
        engine: Engine,
        tables: MessagingTables,
        kafka: KafkaAccess | str,
        client_id: str,
        interval_s: float = 0.05,
        batch_size: int = 1000,
        service: str = "",
    ) -> None:
        self._engine = engine
        self._tables = tables
        self._kafka = kafka
        self._client_id = client_id
        self._interval_s = interval_s
        self._batch_size = batch_size
        self._service = service
        self._producer: AIOKafkaProducer | None = None
        self._wake = asyncio.Event()
        self.leadership = Leadership(engine, f"{service or client_id}:outbox-relay")
        self.published = 0
        # Told each batch's size and how long Kafka took to acknowledge it (`/metrics`).
        self.on_batch: Callable[[int, float], None] | None = None

    def notify(self) -> None:
        """Tell the relay new rows were committed, so it need not wait for its next tick."""
        self._wake.set()

    async def run(self) -> None:
        """Publish forever; cancel the task to stop."""
        backoff = 0.2
        try:
            while True:
                try:
                    if not await asyncio.to_thread(self.leadership.try_lead):
                        # Another replica publishes: ask again soon, but not on every wake
                        # (a busy replica's commits would make it ask hundreds of times).
                        await asyncio.sleep(max(self._interval_s, FOLLOWER_INTERVAL_S))
                        continue
                    sent = await self.publish_pending()
                    backoff = 0.2
                except Exception as error:  # the broker or database is away: keep trying
                    log.warning("outbox.publish_failed", error=str(error), retry_in_s=backoff)
                    await self._close_producer()
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, 5.0)
                    continue
                if sent < self._batch_size:
                    await self._idle()
        finally:
            await self._close_producer()
            self.leadership.resign()

    async def publish_pending(self) -> int:
        """Publish one batch of unsent rows; return how many were sent."""
        rows = _up_to_a_checkpoint(await asyncio.to_thread(self._pending))
        if not rows:
            return 0
        if self._service and any(row.log_index is None for row in rows):
            rows = await asyncio.to_thread(self._place, rows)
        producer = await self._ensure_producer()
        started = time.perf_counter()
        with publish_spans(self._service, rows) as headers_of:
            deliveries = [
                await producer.send(
                    row.topic,
                    row.body.encode(),
                    key=row.message_key.encode(),
                    headers=_with_position(headers_of(row), row.log_index),
                )
                for row in rows
            ]
            await asyncio.gather(*deliveries)
        if self.on_batch is not None:
            self.on_batch(len(rows), time.perf_counter() - started)
        await fault_point_async("relay.batch_published")  # a crash here: republished later
        await asyncio.to_thread(self._mark_sent, [row.id for row in rows])
        self.published += len(rows)
        return len(rows)

    async def drain(self) -> None:
        """Publish everything pending, then close the producer (at shutdown, after `run`).
        Only the replica that leads publishes: another one's drain would race the leader's
        relay and could put a post's events out of order."""
        try:
            if await asyncio.to_thread(self.leadership.try_lead):
                while await self.publish_pending():
                    pass
        finally:
            await self._close_producer()
            self.leadership.resign()

    async def _idle(self) -> None:
        self._wake.clear()
        await until_set(self._wake, self._interval_s)

    async def _ensure_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = AIOKafkaProducer(
                **client_options(self._kafka),
                client_id=self._client_id,
                enable_idempotence=True,  # implies acks=all; no duplicates from retries
                linger_ms=5,
                max_batch_size=256 * 1024,
                request_timeout_ms=15000,
            )
            await producer.start()
            self._producer = producer
        return self._producer

    async def _close_producer(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            try:
                await producer.stop()
            except Exception as error:
                log.warning("outbox.producer_stop_failed", error=str(error))

    def _pending(self) -> list[Any]:
        outbox = self._tables.outbox
        query = (
            self._columns()
            .where(outbox.c.sent_at.is_(None))
            .order_by(outbox.c.id)
            .limit(self._batch_size)
        )
        with self._engine.connect() as connection:
            return list(connection.execute(query))

    def _columns(self) -> Any:
        outbox = self._tables.outbox
        return select(
            outbox.c.id,
            outbox.c.topic,
            outbox.c.message_key,
            outbox.c.body,
            outbox.c.traceparent,
            outbox.c.log_index,
        )

    def _place(self, rows: list[Any]) -> list[Any]:
        """The rows with their positions in this producer's signed log (signed_log.py)."""
        with self._engine.begin() as connection:
            assign_positions(connection, self._tables, self._service, rows)
            query = self._columns().where(self._tables.outbox.c.id.in_([row.id for row in rows]))
            return list(connection.execute(query.order_by(self._tables.outbox.c.id)))

    def _mark_sent(self, ids: list[int]) -> None:
        outbox = self._tables.outbox
        with self._engine.begin() as connection:
            connection.execute(
                update(outbox).where(outbox.c.id.in_(ids)).values(sent_at=datetime.now(UTC))
            )


def _with_position(headers: Any, position: int | None) -> Any:
    if position is None:
        return headers
    return [*(headers or ()), (LOG_INDEX_HEADER, str(position).encode())]


def _up_to_a_checkpoint(rows: list[Any]) -> list[Any]:
    """The batch, cut before a checkpoint that is not its first row: a checkpoint is sent only
    once every event it covers was acknowledged, so no reader ever sees it without them."""
    for index, row in enumerate(rows):
        if index and row.topic.endswith(CHECKPOINTS_SUFFIX):
            return rows[:index]
    return rows
