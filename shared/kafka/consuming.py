"""Apply consumed events exactly once each, in order per aggregate, one transaction per batch.

The service gives an `apply(connection, events)` function. This module reads each record
(dead-lettering what it cannot read), skips events the inbox says were applied, parks the
events of aggregates blocked by an open dead letter (`parking.py`), and commits the effect
together with the inbox, dead-letter and parked rows. Offsets are committed by the
subscriber only after this returns, so a crash at any point means redelivery, and
redelivery means inbox hits: nothing lost, nothing twice, no aggregate built on a gap.

The happy path costs two queries per batch: the inbox and the blocked keys.
"""

from __future__ import annotations

import asyncio
import weakref
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

import structlog
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from shared.events.catalogue import ReadEvent, UnreadableEvent, read_event
from shared.faults import fault_point
from shared.kafka import parking
from shared.kafka.dead_letters import DeadLetters
from shared.kafka.parking import Incoming
from shared.kafka.trust import distrust
from shared.persistence.inbox import already_applied, mark_applied
from shared.persistence.replicas import batch_lock
from shared.persistence.tables import MessagingTables
from shared.tracing.consuming import consume_spans

log = structlog.get_logger(__name__)

ApplyEvents = Callable[[Connection, list[ReadEvent]], None]
# Held weakly both ways: the subscribers keep consumers alive, the runtime its engine.
_CONSUMERS: weakref.WeakKeyDictionary[Engine, weakref.WeakSet[EventConsumer]] = (
    weakref.WeakKeyDictionary()
)


def consumers_using(engine: Engine) -> list[EventConsumer]:
    """The consumers built on this engine (one service's), for operations commands."""
    return sorted(_CONSUMERS.get(engine, ()), key=lambda consumer: consumer.name)


class EventConsumer:
    """One service's consuming side: read, dedupe, apply, record — or set aside and park."""

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
        self.engine = engine
        self.tables = tables
        self.apply = apply
        self.dead_letters = dead_letters
        self.wanted = wanted
        # Batches and resolutions never interleave: this lock within the process, the
        # database's (`shared/persistence/replicas.py`) across replicas.
        self.lock = asyncio.Lock()
        self.applied = 0
        self.parked = 0
        # Per (topic, partition), for `/metrics`: events applied and events parked.
        self.applied_from: Counter[tuple[str, int]] = Counter()
        self.parked_from: Counter[tuple[str, int]] = Counter()
        _CONSUMERS.setdefault(engine, weakref.WeakSet()).add(self)

    async def handle(self, records: Sequence[Any]) -> None:
        """Handle one batch of aiokafka ConsumerRecords."""
        entries: list[Incoming] = []
        for record in records:
            try:
                event = read_event(record.value)
            except UnreadableEvent as error:
                entries.append(Incoming(record, error=error))
                continue
            refused = distrust(event, record.topic, self.dead_letters.prefix)
            entries.append(
                Incoming(record, error=refused) if refused else Incoming(record, event=event)
            )
        arrivals = ((e.record, e.event.envelope) for e in entries if e.event is not None)
        async with self.lock:
            await self._publish_unreadable(entries)
            with consume_spans(self.name, arrivals):
                if len(entries) == 1 and entries[0].event is not None:
                    with event_log_context(entries[0].event):
                        await self._settle_batch(entries)
                elif entries:
                    await self._settle_batch(entries)

    async def _publish_unreadable(self, entries: list[Incoming]) -> None:
        unreadable = [entry for entry in entries if entry.error is not None]
        if not unreadable:
            return
        known = await asyncio.to_thread(self._known_positions, unreadable)
        for entry in unreadable:
            if entry.position not in known and entry.error is not None:
                await self.dead_letters.send(
                    entry.record, entry.error.code, entry.error.reason, self.name
                )

    def _known_positions(self, entries: list[Incoming]) -> set[parking.Position]:
        with self.engine.connect() as connection:
            positions = [entry.position for entry in entries]
            return parking.known_positions(connection, self.tables, self.name, positions)

    async def _settle_batch(self, entries: list[Incoming]) -> None:
        try:
            await asyncio.to_thread(self._settle_in_transaction, entries)
        except (OperationalError, DBAPIError) as error:
            if _is_transient(error):
                await _pause_before_redelivery(error)
                raise
            await self._settle_one_by_one(entries)
        except Exception:
            # One bad event must not hold up the batch: find it and set it aside.
            await self._settle_one_by_one(entries)

    async def _settle_one_by_one(self, entries: list[Incoming]) -> None:
        for entry in entries:
            try:
                await asyncio.to_thread(self._settle_in_transaction, [entry])
            except (OperationalError, DBAPIError) as error:
                if _is_transient(error):
                    await _pause_before_redelivery(error)
                    raise
                await self._set_aside(entry, repr(error))
            except Exception as error:
                event_type = entry.event.envelope.event_type if entry.event else None
                log.exception("event.apply_failed", event_type=event_type)
                await self._set_aside(entry, repr(error))

    async def _set_aside(self, entry: Incoming, reason: str) -> None:
        """Dead-letter an event the handler could not apply; its aggregate is now blocked."""
        await self.dead_letters.send(entry.record, "handler_failed", reason, self.name)
        await asyncio.to_thread(self._record_failure, entry, reason)

    def _record_failure(self, entry: Incoming, reason: str) -> None:
        with self.engine.begin() as connection:
            batch_lock(connection, self.name)
            known = parking.known_positions(connection, self.tables, self.name, [entry.position])
            if not known:
                parking.record_dead_letter(
                    connection, self.tables, self.name, entry, "handler_failed", reason, _now()
                )

    def _settle_in_transaction(self, entries: list[Incoming]) -> None:
        with self.engine.begin() as connection:
            batch_lock(connection, self.name)
            fresh, held = self._sort(connection, entries)
            if fresh:
                self.apply(connection, [entry.event for entry in fresh if entry.event])
                ids = [entry.event_id for entry in fresh if entry.event_id]
                mark_applied(connection, self.tables, self.name, ids, _now())
            parking.park(connection, self.tables, self.name, held, _now())
        fault_point("consumer.batch_applied")  # a crash here: redelivered, skipped by the inbox
        self.applied += len(fresh)
        self.parked += len(held)
        self.applied_from.update((e.record.topic, e.record.partition) for e in fresh)
        self.parked_from.update((e.record.topic, e.record.partition) for e, _ in held)

    def _sort(
        self, connection: Connection, entries: list[Incoming]
    ) -> tuple[list[Incoming], list[tuple[Incoming, int]]]:
        """Split a batch, in order: to apply now, and to park behind a dead letter."""
        keys = {key for entry in entries if (key := entry.key) is not None}
        blocks = parking.open_blocks(connection, self.tables, self.name, keys)
        ids = [entry.event_id for entry in entries if entry.event_id]
        seen = already_applied(connection, self.tables, self.name, ids)
        unreadable = [entry.position for entry in entries if entry.error is not None]
        if blocks or unreadable:
            seen |= parking.held_event_ids(connection, self.tables, self.name, ids)
        recorded = parking.known_positions(connection, self.tables, self.name, unreadable)
        fresh: list[Incoming] = []
        held: list[tuple[Incoming, int]] = []
        for entry in entries:
            key, event_id = entry.key, entry.event_id
            if entry.error is not None:
                if entry.position not in recorded:
                    letter = parking.record_dead_letter(
                        connection,
                        self.tables,
                        self.name,
                        entry,
                        entry.error.code,
                        entry.error.reason,
                        _now(),
                    )
                    if key is not None:
                        blocks[key] = letter
                continue
            assert entry.event is not None and event_id is not None
            if event_id in seen or not self.wanted(entry.event):
                continue
            seen.add(event_id)  # the same event twice in one batch counts once
            if key is not None and key in blocks:
                held.append((entry, blocks[key]))
            else:
                fresh.append(entry)
        return fresh, held


def event_log_context(event: ReadEvent) -> AbstractContextManager[None]:
    """Bind the event's correlation id (and identity) to every log line written inside."""
    envelope = event.envelope
    return structlog.contextvars.bound_contextvars(
        correlation_id=str(envelope.correlation_id),
        event_id=str(envelope.event_id),
        event_type=envelope.event_type,
        aggregate_id=envelope.aggregate_id,
    )


def _now() -> datetime:
    return datetime.now(UTC)


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
