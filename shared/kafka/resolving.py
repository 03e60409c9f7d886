"""Resolve a dead letter on purpose: redrive it (as it was, or corrected) or discard it.

Either way the dead letter is closed with who, when and why, and the events parked behind
it are applied in their arrival order, all in one transaction, so the aggregate is never
half released. The same transaction records the resolution as an event on the service's
interventions topic (`shared/events/interventions.py`), so the audit sees it. A parked
event that now fails becomes the aggregate's new dead letter and keeps the rest parked
behind it. Resolutions hold the consumer's lock, in the process and in the database
(`shared/persistence/replicas.py`): no batch of the same consumer runs in between, in any replica.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

from sqlalchemy import Connection, delete, select, update

from shared.events.catalogue import ReadEvent, read_event
from shared.events.envelope import Actor
from shared.kafka.consuming import EventConsumer
from shared.kafka.corrections import approved_proposal, corrects_another_service, store_proposal
from shared.kafka.interventions import Intervention, record_intervention
from shared.kafka.letters import (
    ResolutionRefused,
    first_open_letter,
    redrivable,
)
from shared.kafka.parking import OPEN, insert_dead_letter
from shared.kafka.trust import distrust
from shared.persistence.inbox import already_applied, mark_applied
from shared.persistence.replicas import resolution_lock


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolution:
    """What a redrive or discard did."""

    dead_letter_id: int
    status: str
    released: int
    blocked_again_by: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredRecord:
    """A parked message in the shape `DeadLetters.send` expects of a consumer record."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes


async def redrive(
    consumer: EventConsumer,
    letter_id: int,
    who: str | Actor,
    reason: str,
    corrected: bytes | None = None,
) -> Resolution:
    """Apply the dead letter's event (or a corrected body), then what is parked behind it.

    A corrected body of another service's event is only proposed (`corrections.py`)."""
    actor = _actor(who)
    if corrected is not None and corrects_another_service(consumer, corrected):
        propose = partial(_propose, consumer, letter_id, actor, reason, corrected)
        return await _resolve(consumer, propose)
    return await _resolve(
        consumer,
        partial(
            _resolve_in_transaction, consumer, letter_id, actor, reason, corrected, redriving=True
        ),
    )


async def approve_correction(
    consumer: EventConsumer, letter_id: int, who: str | Actor, reason: str
) -> Resolution:
    """Apply the correction someone else proposed, then what is parked behind it."""
    return await _resolve(consumer, partial(_approve, consumer, letter_id, _actor(who), reason))


async def discard(
    consumer: EventConsumer, letter_id: int, who: str | Actor, reason: str
) -> Resolution:
    """Skip the dead letter's event on purpose, then apply what is parked behind it."""
    if not reason.strip():
        raise ResolutionRefused("say why the dead letter is discarded")
    return await _resolve(
        consumer,
        partial(
            _resolve_in_transaction, consumer, letter_id, _actor(who), reason, None, redriving=False
        ),
    )


def _actor(who: str | Actor) -> Actor:
    # A bare id is an operator acting from the command line or a test.
    return who if isinstance(who, Actor) else Actor(id=who, role="operator")


# A parked event that failed when released: it becomes the aggregate's new dead letter.
Failed = tuple[StoredRecord, str]


async def _resolve(
    consumer: EventConsumer, in_transaction: Callable[[], tuple[Resolution, Failed | None]]
) -> Resolution:
    async with consumer.lock:
        resolution, failed = await asyncio.to_thread(in_transaction)
    if failed is not None:
        record, why = failed
        await consumer.dead_letters.send(record, "handler_failed", why, consumer.name)
    return resolution


def _propose(
    consumer: EventConsumer, letter_id: int, who: Actor, reason: str, corrected: bytes
) -> tuple[Resolution, Failed | None]:
    with consumer.engine.begin() as connection:
        resolution_lock(connection, consumer.name)
        letter = first_open_letter(connection, consumer, letter_id)
        redrivable(consumer, letter, corrected)  # a correction that could never apply: refused
        store_proposal(connection, consumer, letter, who, reason, corrected, datetime.now(UTC))
    return Resolution(dead_letter_id=letter_id, status="correction_proposed", released=0), None


def _approve(
    consumer: EventConsumer, letter_id: int, who: Actor, reason: str
) -> tuple[Resolution, Failed | None]:
    with consumer.engine.connect() as connection:  # under the consumer's lock: still so below
        letter = first_open_letter(connection, consumer, letter_id)
    corrected, proposer = approved_proposal(letter, who)
    return _resolve_in_transaction(
        consumer, letter_id, who, reason, corrected, redriving=True, proposed_by=proposer
    )


def _resolve_in_transaction(
    consumer: EventConsumer,
    letter_id: int,
    who: Actor,
    reason: str,
    corrected: bytes | None,
    redriving: bool,
    proposed_by: str | None = None,
) -> tuple[Resolution, Failed | None]:
    table = consumer.tables.dead_letters
    now = datetime.now(UTC)
    with consumer.engine.begin() as connection:
        resolution_lock(connection, consumer.name)
        letter = first_open_letter(connection, consumer, letter_id)
        event_id = letter.event_id
        if redriving:
            event = redrivable(consumer, letter, corrected)
            event_id = event.event_id  # known now even when the letter was unreadable
            try:
                _apply_one(connection, consumer, event, now)
            except Exception as error:
                raise ResolutionRefused(f"the event still cannot be applied: {error!r}") from None
        elif letter.event_id:
            _mark_handled(connection, consumer, str(letter.event_id), now)
        status = "redriven" if redriving else "discarded"
        connection.execute(
            update(table)
            .where(table.c.id == letter_id)
            .values(
                status=status,
                resolved_by=who.id,
                resolved_at=now,
                resolution=reason,
                corrected_body=corrected,
            )
        )
        released, failed = _release(connection, consumer, letter_id, now)
        done = Intervention(
            who=who,
            reason=reason,
            corrected=corrected,
            released=released,
            redriven=redriving,
            event_id=event_id,
            proposed_by=proposed_by,
        )
        record_intervention(connection, consumer, letter, done, now)
    blocked_again = failed[0] if failed else None
    resolution = Resolution(
        dead_letter_id=letter_id, status=status, released=released, blocked_again_by=blocked_again
    )
    return resolution, (failed[1], failed[2]) if failed else None


def _apply_one(
    connection: Connection, consumer: EventConsumer, event: ReadEvent, now: datetime
) -> None:
    event_id = event.event_id
    if already_applied(connection, consumer.tables, consumer.name, [event_id]):
        return
    if consumer.wanted(event):
        consumer.apply(connection, [event])
    mark_applied(connection, consumer.tables, consumer.name, [event_id], now)


def _mark_handled(
    connection: Connection, consumer: EventConsumer, event_id: str, now: datetime
) -> None:
    # A discarded event counts as handled: a redelivery of it must not apply it after all.
    if not already_applied(connection, consumer.tables, consumer.name, [event_id]):
        mark_applied(connection, consumer.tables, consumer.name, [event_id], now)


def _release(
    connection: Connection, consumer: EventConsumer, letter_id: int, now: datetime
) -> tuple[int, tuple[int, StoredRecord, str] | None]:
    """Apply the events parked behind the letter, in order, until one fails (if any does)."""
    parked = consumer.tables.parked
    rows = connection.execute(
        select(parked)
        .where(parked.c.consumer == consumer.name, parked.c.blocked_by == letter_id)
        .order_by(parked.c.id)
    ).all()
    released = 0
    for row in rows:
        try:
            event = read_event(row.body)
            refused = distrust(event, row.source_topic, consumer.dead_letters.prefix)
            if refused is not None:  # parked unchecked behind the letter: checked now
                raise refused
            with connection.begin_nested():
                _apply_one(connection, consumer, event, now)
        except Exception as error:
            return released, _block_again(connection, consumer, letter_id, row, repr(error), now)
        connection.execute(delete(parked).where(parked.c.id == row.id))
        released += 1
    return released, None


def _block_again(
    connection: Connection,
    consumer: EventConsumer,
    letter_id: int,
    row: Any,
    reason: str,
    now: datetime,
) -> tuple[int, StoredRecord, str]:
    tables = consumer.tables
    new_letter = insert_dead_letter(
        connection,
        tables,
        {
            "consumer": consumer.name,
            "aggregate_key": row.aggregate_key,
            "event_id": row.event_id,
            "code": "handler_failed",
            "reason": reason[:4000],
            "source_topic": row.source_topic,
            "source_partition": row.source_partition,
            "source_offset": row.source_offset,
            "body": row.body,
            "status": OPEN,
            "dead_lettered_at": now,
        },
    )
    connection.execute(delete(tables.parked).where(tables.parked.c.id == row.id))
    connection.execute(
        update(tables.parked)
        .where(tables.parked.c.consumer == consumer.name, tables.parked.c.blocked_by == letter_id)
        .values(blocked_by=new_letter)
    )
    record = StoredRecord(
        topic=row.source_topic,
        partition=row.source_partition,
        offset=row.source_offset,
        key=row.aggregate_key.encode(),
        value=row.body,
    )
    return new_letter, record, reason
