"""Apply consumed events exactly once each, in one transaction per batch.

The service gives an `apply(connection, events)` function. This module reads each record
(dead-lettering what it cannot read), skips events the inbox says were applied, and
commits the effect together with the inbox rows. Offsets are committed by the subscriber
only after this returns, so a crash at any point means redelivery, and redelivery means
inbox hits: nothing lost, nothing twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

import structlog
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from shared.events.catalogue import ReadEvent, UnreadableEvent, read_event
from shared.kafka.dead_letters import DeadLetters
from shared.persistence.inbox import already_applied, mark_applied
from shared.persistence.tables import MessagingTables

log = structlog.get_logger(__name__)

ApplyEvents = Callable[[Connection, list[ReadEvent]], None]


class EventConsumer:
    """One service's consuming side: read, dedupe, apply, record — or set aside."""

    def __init__(
        self,
        name: str,
        engine: Engine,
        tables: MessagingTables,
        apply: ApplyEvents,
        dead_letters: DeadLetters,
        wanted: Callable[[ReadEvent], bool] = lambda _: True,
    ) -> None:
        self.name = name
        self._engine = engine
        self._tables = tables
        self._apply = apply
        self._dead_letters = dead_letters
        self._wanted = wanted
        self.applied = 0

    async def handle(self, records: Sequence[Any]) -> None:
        """Handle one batch of aiokafka ConsumerRecords."""
        readable: list[tuple[Any, ReadEvent]] = []
        for record in records:
            try:
                event = read_event(record.value)
            except UnreadableEvent as error:
                await self._dead_letters.send(record, error.code, error.reason)
                continue
            if self._wanted(event):
                readable.append((record, event))
        if len(readable) == 1:
            with event_log_context(readable[0][1]):
                await self._apply_batch(readable)
        elif readable:
            await self._apply_batch(readable)

    async def _apply_batch(self, items: list[tuple[Any, ReadEvent]]) -> None:
        try:
            await asyncio.to_thread(self._apply_in_transaction, [event for _, event in items])
        except (OperationalError, DBAPIError) as error:
            if _is_transient(error):
                await _pause_before_redelivery(error)
                raise
            await self._apply_one_by_one(items)
        except Exception:
            # One bad event must not hold up the batch: find it and set it aside.
            await self._apply_one_by_one(items)

    async def _apply_one_by_one(self, items: list[tuple[Any, ReadEvent]]) -> None:
        for record, event in items:
            try:
                with event_log_context(event):
                    await asyncio.to_thread(self._apply_in_transaction, [event])
            except (OperationalError, DBAPIError) as error:
                if _is_transient(error):
                    await _pause_before_redelivery(error)
                    raise
                await self._dead_letters.send(record, "handler_failed", repr(error))
            except Exception as error:
                log.exception("event.apply_failed", event_type=event.envelope.event_type)
                await self._dead_letters.send(record, "handler_failed", repr(error))

    def _apply_in_transaction(self, events: list[ReadEvent]) -> None:
        with self._engine.begin() as connection:
            ids = [str(event.envelope.event_id) for event in events]
            seen = already_applied(connection, self._tables, self.name, ids)
            fresh: list[ReadEvent] = []
            for event, event_id in zip(events, ids, strict=True):
                if event_id not in seen:
                    seen.add(event_id)  # the same event twice in one batch counts once
                    fresh.append(event)
            if fresh:
                self._apply(connection, fresh)
                mark_applied(
                    connection,
                    self._tables,
                    self.name,
                    [str(event.envelope.event_id) for event in fresh],
                    datetime.now(UTC),
                )
        self.applied += len(fresh)


def event_log_context(event: ReadEvent) -> AbstractContextManager[None]:
    """Bind the event's correlation id (and identity) to every log line written inside."""
    envelope = event.envelope
    return structlog.contextvars.bound_contextvars(
        correlation_id=str(envelope.correlation_id), event_id=str(envelope.event_id),
        event_type=envelope.event_type, aggregate_id=envelope.aggregate_id,
    )


def _is_transient(error: DBAPIError) -> bool:
    # Lost connections and locks are worth retrying; constraint and data errors are not.
    return bool(getattr(error, "connection_invalidated", False)) or isinstance(
        error, OperationalError
    )


async def _pause_before_redelivery(error: Exception) -> None:
    # The subscriber rewinds on error and redelivers at once; pause so a database outage
    # is not a hot loop.
    log.warning("event.apply_deferred", error=str(error))
    await asyncio.sleep(1.0)
