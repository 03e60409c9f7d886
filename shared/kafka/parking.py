"""Per-aggregate parking: a dead-lettered event holds back the later events of its aggregate.

When a consumer sets a message aside, it records a `dead_letters` row (status `open`) keyed
by the message's aggregate (its Kafka key). While an open dead letter exists for aggregate
X, every later event of X is stored in `parked`, in arrival order, instead of applied, so
no post's state is built on a gap. Other aggregates are not held up. Redriving or
discarding the dead letter (see `resolving.py`) releases what is parked behind it.

Every function here runs in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select

from shared.chunks import chunks
from shared.events.catalogue import ReadEvent, UnreadableEvent
from shared.persistence.driver_sql import matching
from shared.persistence.tables import MessagingTables

OPEN = "open"
Position = tuple[str, int, int]
CHUNK = 500


@dataclass(frozen=True, slots=True)
class Incoming:
    """One consumed record, read (`event`) or not (`error`)."""

    record: Any
    event: ReadEvent | None = None
    error: UnreadableEvent | None = None

    @property
    def key(self) -> str | None:
        """The aggregate this message is about: the envelope's, else the Kafka key."""
        if self.event is not None:
            return self.event.envelope.aggregate_id
        raw = self.record.key
        if not raw:
            return None
        return raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw)

    @property
    def event_id(self) -> str | None:
        return self.event.event_id if self.event is not None else None

    @property
    def position(self) -> Position:
        return (str(self.record.topic), int(self.record.partition), int(self.record.offset))


def open_blocks(
    connection: Connection, tables: MessagingTables, consumer: str, keys: Collection[str]
) -> dict[str, int]:
    """Aggregate key → id of its latest open dead letter, for the keys that are blocked."""
    table = tables.dead_letters
    wanted = list(keys)
    found: dict[str, int] = {}
    for part in chunks(wanted, CHUNK):
        query = (
            select(table.c.aggregate_key, func.max(table.c.id))
            .where(
                table.c.consumer == consumer,
                table.c.status == OPEN,
                table.c.aggregate_key.in_(part),
            )
            .group_by(table.c.aggregate_key)
        )
        found.update({key: int(letter) for key, letter in connection.execute(query)})
    return found


def held_event_ids(
    connection: Connection, tables: MessagingTables, consumer: str, event_ids: Collection[str]
) -> set[str]:
    """Which of these events are already dead-lettered or parked (so not to hold twice)."""
    wanted = list(event_ids)
    held: set[str] = set()
    for table in (tables.dead_letters, tables.parked):
        held |= matching(connection, table.name, "event_id", wanted, ("consumer", consumer), CHUNK)
    return held


def known_positions(
    connection: Connection, tables: MessagingTables, consumer: str, positions: Collection[Position]
) -> set[Position]:
    """Which of these source positions this consumer has dead-lettered before."""
    table = tables.dead_letters
    topics = {topic for topic, _, _ in positions}
    offsets = {offset for _, _, offset in positions}
    if not positions:
        return set()
    query = select(table.c.source_topic, table.c.source_partition, table.c.source_offset).where(
        table.c.consumer == consumer,
        table.c.source_topic.in_(topics),
        table.c.source_offset.in_(offsets),
    )
    return {(t, int(p), int(o)) for t, p, o in connection.execute(query)} & set(positions)


def record_dead_letter(
    connection: Connection,
    tables: MessagingTables,
    consumer: str,
    incoming: Incoming,
    code: str,
    reason: str,
    now: datetime,
) -> int:
    """Store the set-aside message as an open dead letter; return its id."""
    topic, partition, offset = incoming.position
    row = {
        "consumer": consumer,
        "aggregate_key": incoming.key,
        "event_id": incoming.event_id,
        "code": code,
        "reason": reason[:4000],
        "source_topic": topic,
        "source_partition": partition,
        "source_offset": offset,
        "body": incoming.record.value or b"",
        "status": OPEN,
        "dead_lettered_at": now,
    }
    return insert_dead_letter(connection, tables, row)


def insert_dead_letter(connection: Connection, tables: MessagingTables, row: dict[str, Any]) -> int:
    """Insert one `dead_letters` row; return its id."""
    inserted = connection.execute(insert(tables.dead_letters).values(**row)).inserted_primary_key
    assert inserted is not None
    return int(inserted[0])


def park(
    connection: Connection,
    tables: MessagingTables,
    consumer: str,
    held: list[tuple[Incoming, int]],
    now: datetime,
) -> None:
    """Store events of blocked aggregates, in order, behind the dead letter blocking each."""
    rows = []
    for incoming, blocked_by in held:
        topic, partition, offset = incoming.position
        rows.append(
            {
                "consumer": consumer,
                "aggregate_key": incoming.key,
                "event_id": incoming.event_id,
                "blocked_by": blocked_by,
                "source_topic": topic,
                "source_partition": partition,
                "source_offset": offset,
                "body": incoming.record.value or b"",
                "parked_at": now,
            }
        )
    if rows:
        connection.execute(insert(tables.parked), rows)
