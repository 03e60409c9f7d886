"""Record events in the outbox, in the same transaction as the change they describe.

Sequence numbers, the hash chain and the producer's signature are filled here, under the
transaction that holds the aggregate's stream row, so two writers can never give one
aggregate the same sequence.
The relay then publishes the sealed bytes unchanged: republishing after a crash sends the
same event id, which consumers' inboxes skip.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table, bindparam, select
from sqlalchemy.dialects import postgresql

from shared.chunks import chunks
from shared.events.base import EventPayload
from shared.events.envelope import Actor
from shared.events.ids import new_event_id
from shared.events.signing import sign_and_seal, signer_for
from shared.persistence.tables import MessagingTables
from shared.tracing import traceparent_for_outbox

StreamKey = tuple[str, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class NewEvent:
    """An event a handler decided on, before it has a sequence number or hash."""

    payload: EventPayload
    aggregate_id: str
    department: str | None = None
    effective_date: date | None = None
    occurred_at: datetime | None = None
    topic: str | None = None  # logical topic; defaults to the payload's own


@dataclass(frozen=True, slots=True, kw_only=True)
class EventContext:
    """Who is acting and why: shared by every event of one command or consumed message."""

    producer: str
    actor: Actor
    correlation_id: uuid.UUID
    causation_id: uuid.UUID | None = None
    topic_prefix: str = ""


def record_events(
    connection: Connection,
    tables: MessagingTables,
    context: EventContext,
    events: Sequence[NewEvent],
    now: datetime,
) -> list[dict[str, Any]]:
    """Seal the events into the outbox; return their documents (for tests and replies)."""
    if not events:
        return []
    keys = {(event.payload.AGGREGATE_TYPE, event.aggregate_id) for event in events}
    streams = _load_streams(connection, tables, keys)
    known = set(streams)
    documents = [_seal_next(event, context, streams, now) for event in events]
    traceparent = traceparent_for_outbox(context.correlation_id, context.causation_id)
    connection.execute(
        _insert(tables.outbox),
        [
            {
                "event_id": document["event_id"],
                "topic": context.topic_prefix + (event.topic or event.payload.TOPIC),
                "message_key": event.aggregate_id,
                "body": json.dumps(document, separators=(",", ":"), ensure_ascii=False),
                "created_at": now,
                "traceparent": traceparent,
            }
            for event, document in zip(events, documents, strict=True)
        ],
    )
    _save_streams(connection, tables, streams, known)
    return documents


def _seal_next(
    event: NewEvent,
    context: EventContext,
    streams: dict[StreamKey, tuple[int, str]],
    now: datetime,
) -> dict[str, Any]:
    key = (event.payload.AGGREGATE_TYPE, event.aggregate_id)
    last_sequence, last_hash = streams.get(key, (0, ""))
    # Signed here, so the outbox holds the signed bytes the relay publishes unchanged.
    document = envelope_document(event, context, last_sequence + 1, last_hash or None, now)
    sealed = sign_and_seal(document, signer_for(context.producer))
    streams[key] = (last_sequence + 1, sealed["hash"])
    return sealed


def envelope_document(
    event: NewEvent, context: EventContext, sequence: int, prev_hash: str | None, now: datetime
) -> dict[str, Any]:
    """The event's envelope as a JSON-ready document, not yet sealed with its hash."""
    return {
        "event_id": str(new_event_id()),
        "event_type": event.payload.EVENT_TYPE,
        "schema_version": event.payload.SCHEMA_VERSION,
        "occurred_at": (event.occurred_at or now).isoformat(),
        "recorded_at": now.isoformat(),
        "effective_date": event.effective_date.isoformat() if event.effective_date else None,
        "producer": context.producer,
        "aggregate_type": event.payload.AGGREGATE_TYPE,
        "aggregate_id": event.aggregate_id,
        "sequence": sequence,
        "correlation_id": str(context.correlation_id),
        "causation_id": str(context.causation_id) if context.causation_id else None,
        "actor": context.actor.model_dump(mode="json"),
        "department": event.department,
        "payload": event.payload.model_dump(mode="json"),
        "prev_hash": prev_hash,
    }


def _load_streams(
    connection: Connection, tables: MessagingTables, keys: Iterable[StreamKey]
) -> dict[StreamKey, tuple[int, str]]:
    table = tables.event_streams
    found: dict[StreamKey, tuple[int, str]] = {}
    wanted = sorted(keys)  # one lock order for every writer: no deadlocks between them
    if connection.dialect.name == "postgresql":
        _claim_new_streams(connection, tables, wanted)
    # One aggregate type at a time: `type = ? AND id IN (...)` is a primary-key search, where
    # SQLite answers `(type, id) IN (...)` by scanning every stream.
    ids_of: dict[str, list[str]] = {}
    for kind, key in wanted:
        ids_of.setdefault(kind, []).append(key)
    query = _read_streams(table, connection.dialect.name == "postgresql")
    for kind, ids in ids_of.items():
        for part in chunks(ids):
            for row in connection.execute(query, {"kind": kind, "ids": part}):
                found[(kind, row.aggregate_id)] = (row.last_sequence, row.last_hash)
    return found


# Statements built once per table: SQLAlchemy then skips rebuilding and re-keying them on
# every command (they were most of the outbox's CPU per command).
@cache
def _read_streams(table: Table, for_update: bool) -> Any:
    query = select(table.c.aggregate_id, table.c.last_sequence, table.c.last_hash).where(
        table.c.aggregate_type == bindparam("kind"),
        table.c.aggregate_id.in_(bindparam("ids", expanding=True)),
    )
    return query.with_for_update() if for_update else query


@cache
def _insert(table: Table) -> Any:
    return table.insert()


@cache
def _update_stream(table: Table) -> Any:
    return (
        table.update()
        .where(table.c.aggregate_type == bindparam("t"))
        .where(table.c.aggregate_id == bindparam("i"))
        .values(last_sequence=bindparam("s"), last_hash=bindparam("h"))
    )


@cache
def _insert_stream(table: Table) -> Any:
    return table.insert().values(
        aggregate_type=bindparam("t"),
        aggregate_id=bindparam("i"),
        last_sequence=bindparam("s"),
        last_hash=bindparam("h"),
    )


def _claim_new_streams(
    connection: Connection, tables: MessagingTables, keys: list[StreamKey]
) -> None:
    """Create missing stream rows at sequence 0, so SELECT ... FOR UPDATE can lock them.

    Without this, two writers starting the same new aggregate would both see no row and
    both insert one; with it, the second waits for the first and continues its sequence.
    """
    table = tables.event_streams
    for part in chunks(keys):
        rows = [
            {"aggregate_type": kind, "aggregate_id": key, "last_sequence": 0, "last_hash": ""}
            for kind, key in part
        ]
        connection.execute(postgresql.insert(table).values(rows).on_conflict_do_nothing())


def _save_streams(
    connection: Connection,
    tables: MessagingTables,
    streams: dict[StreamKey, tuple[int, str]],
    known: set[StreamKey],
) -> None:
    table = tables.event_streams
    rows = [
        {"t": key[0], "i": key[1], "s": sequence, "h": hashed}
        for key, (sequence, hashed) in streams.items()
    ]
    updates = [row for row in rows if (row["t"], row["i"]) in known]
    inserts = [row for row in rows if (row["t"], row["i"]) not in known]
    if updates:
        connection.execute(_update_stream(table), updates)
    if inserts:
        connection.execute(_insert_stream(table), inserts)
