"""Rebuild Workflow's guards from its own topics, so a rebuilt Workflow republishes nothing.

The `workflow.guards` consumer reads what Workflow itself published (`workflow.milestones`,
`workflow.redesign`) back into its database:
- each milestone's key into `published_milestones` (the once-only guard), and
- each of its streams' last sequence and hash into `event_streams`, so the next event
  Workflow writes about a process, candidate, post or team continues the chain on the log
  instead of starting it again at 1.

Both only ever move forward: in normal running the rows are already there (written with the
outbox row) and reading them back changes nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, bindparam, insert, select, tuple_

from services.workflow.adapters.tables import messaging, published_milestones
from services.workflow.projections.milestones import milestone_key
from shared.chunks import chunks
from shared.events import benefits, programme, redesign
from shared.events.base import EventPayload
from shared.events.catalogue import ReadEvent

GUARDS_CONSUMER = "workflow.guards"
# Besides the milestones' keys (`MILESTONE_KEYS`), the guards keep every stream's position;
# for Workflow's redesign events that position is all (the redesign consumer applies them).
POSITION_ONLY: dict[type[EventPayload], str] = {
    event: "only its stream's position is guarded"
    for event in (*redesign.EVENTS, *programme.EVENTS, *benefits.EVENTS)
}
StreamKey = tuple[str, str]


def apply_own_events(connection: Connection, events: list[ReadEvent]) -> None:
    """The `apply` function of the guards consumer."""
    mine = [event for event in events if event.envelope.producer == "workflow"]
    _remember_milestones(connection, mine)
    _advance_streams(connection, mine)


def _remember_milestones(connection: Connection, events: list[ReadEvent]) -> None:
    rows: dict[str, dict[str, str]] = {}
    for event in events:
        envelope = event.envelope
        key = milestone_key(type(event.payload), event.document.get("payload") or {})
        if key is not None and key not in rows:
            rows[key] = {
                "milestone_key": key,
                "event_id": str(envelope.event_id),
                "published_at": envelope.recorded_at.isoformat(),
            }
    known: set[str] = set()
    column = published_milestones.c.milestone_key
    for part in chunks(sorted(rows)):
        known.update(connection.scalars(select(column).where(column.in_(part))))
    fresh = [row for key, row in rows.items() if key not in known]
    if fresh:
        connection.execute(insert(published_milestones), fresh)


def _advance_streams(connection: Connection, events: list[ReadEvent]) -> None:
    last: dict[StreamKey, tuple[int, str]] = {}
    for event in events:
        envelope = event.envelope
        key = (envelope.aggregate_type, envelope.aggregate_id)
        if envelope.sequence > last.get(key, (0, ""))[0]:
            last[key] = (envelope.sequence, envelope.hash)
    if not last:
        return
    table = messaging.event_streams
    stored: dict[StreamKey, int] = {}
    for part in chunks(sorted(last)):
        query = select(table.c.aggregate_type, table.c.aggregate_id, table.c.last_sequence).where(
            tuple_(table.c.aggregate_type, table.c.aggregate_id).in_(part)
        )
        stored.update({(row[0], row[1]): row[2] for row in connection.execute(query)})
    inserts, updates = [], []
    for (kind, aggregate), (sequence, hashed) in sorted(last.items()):
        row = {"t": kind, "i": aggregate, "s": sequence, "h": hashed}
        if (kind, aggregate) not in stored:
            inserts.append(row)
        elif stored[(kind, aggregate)] < sequence:
            updates.append(row)
    if inserts:
        connection.execute(
            insert(table).values(
                aggregate_type=bindparam("t"), aggregate_id=bindparam("i"),
                last_sequence=bindparam("s"), last_hash=bindparam("h"),
            ),
            inserts,
        )  # fmt: skip
    if updates:
        where = and_(
            table.c.aggregate_type == bindparam("t"),
            table.c.aggregate_id == bindparam("i"),
            table.c.last_sequence < bindparam("s"),  # a writer may have moved it on meanwhile
        )
        values: dict[str, Any] = {"last_sequence": bindparam("s"), "last_hash": bindparam("h")}
        connection.execute(table.update().where(where).values(values), updates)
