"""The feed table: append events for departments, read pages after an id."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select, text

from services.workflow.subscriptions.tables import feed, feed_candidates
from shared.persistence.driver_sql import insert_rows

FEED_COLUMNS = (
    "department",
    "kind",
    "event_id",
    "event_type",
    "aggregate_id",
    "occurred_at",
    "summary",
    "document",
)
FeedRow = tuple[str, str, str, str, str, str, str, str]  # a new row, in FEED_COLUMNS order


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedItem:
    """One event as one department's feed shows it."""

    feed_id: int
    department: str
    kind: str
    event_id: str
    event_type: str
    aggregate_id: str
    occurred_at: str
    summary: str
    document: str

    def notification(self) -> dict[str, Any]:
        """What SSE `data:` and webhook bodies carry: the feed's view plus the envelope."""
        return {
            "feed_id": self.feed_id,
            "department": self.department,
            "kind": self.kind,
            "event_type": self.event_type,
            "aggregate_id": self.aggregate_id,
            "occurred_at": self.occurred_at,
            "summary": self.summary,
            "event": json.loads(self.document),
        }

    def parked_row(self, delivery_id: str) -> dict[str, Any]:
        """What a parked delivery of this item records of it."""
        return {"feed_id": self.feed_id, "event_id": self.event_id, "event_type": self.event_type}

    def body(self) -> bytes:
        """The notification as the exact bytes sent (and signed)."""
        return json.dumps(self.notification(), separators=(",", ":"), ensure_ascii=False).encode()


def lock_feed(connection: Connection) -> None:
    """Serialise feed writers so ids commit in order (SQLite's BEGIN IMMEDIATE already does)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("LOCK TABLE feed IN SHARE ROW EXCLUSIVE MODE"))


def append(connection: Connection, rows: Sequence[FeedRow]) -> None:
    """Append rows (tuples in FEED_COLUMNS order) in the given order: each gets the next feed
    id. One driver-level executemany: SQLite and PostgreSQL run its rows in list order."""
    # Already there (written before the feed moved into these consumers): once only.
    insert_rows(
        connection, "feed", FEED_COLUMNS, rows, " ON CONFLICT (event_id, department) DO NOTHING"
    )


def latest_feed_id(connection: Connection) -> int:
    """The newest feed id (0 when the feed is empty): where a live stream starts."""
    return int(connection.scalar(select(func.coalesce(func.max(feed.c.feed_id), 0))) or 0)


def feed_after(
    connection: Connection,
    after: int,
    department: str | None,
    kinds: Sequence[str],
    limit: int,
    event_types: Sequence[str] = (),
) -> list[FeedItem]:
    """Up to `limit` items after `after`, oldest first, for one department (None: all), of
    these kinds (and, when any are named, only of these event types)."""
    query = select(feed).where(feed.c.feed_id > after, feed.c.kind.in_(list(kinds)))
    if event_types:
        query = query.where(feed.c.event_type.in_(list(event_types)))
    if department is not None:
        query = query.where(feed.c.department == department)
    rows = connection.execute(query.order_by(feed.c.feed_id).limit(limit)).mappings()
    return [FeedItem(**dict(row)) for row in rows]


def feed_between(
    connection: Connection,
    after: int,
    up_to: int,
    department: str,
    kinds: Sequence[str],
    leave_out: Sequence[str],
) -> list[FeedItem]:
    """A department's items after `after` up to `up_to`, of these kinds, less these event
    types (a digest leaves out what was sent at once), oldest first."""
    query = select(feed).where(
        feed.c.feed_id > after,
        feed.c.feed_id <= up_to,
        feed.c.department == department,
        feed.c.kind.in_(list(kinds)),
        feed.c.event_type.not_in(list(leave_out)),
    )
    rows = connection.execute(query.order_by(feed.c.feed_id)).mappings()
    return [FeedItem(**dict(row)) for row in rows]


def items_by_id(connection: Connection, feed_ids: Sequence[int]) -> dict[int, FeedItem]:
    """The feed items with these ids."""
    rows = connection.execute(select(feed).where(feed.c.feed_id.in_(list(feed_ids)))).mappings()
    return {int(row["feed_id"]): FeedItem(**dict(row)) for row in rows}


def candidate_departments(connection: Connection, candidate_ids: set[str]) -> dict[str, list[str]]:
    """Departments recorded for these candidates when they were identified."""
    if not candidate_ids:
        return {}
    query = select(feed_candidates).where(feed_candidates.c.candidate_id.in_(candidate_ids))
    return {row.candidate_id: json.loads(row.departments) for row in connection.execute(query)}


def remember_candidates(connection: Connection, departments: dict[str, list[str]]) -> None:
    """Record candidates' departments (first record wins: identification happens once)."""
    known = candidate_departments(connection, set(departments))
    fresh = [
        {"candidate_id": candidate, "departments": json.dumps(named)}
        for candidate, named in departments.items()
        if candidate not in known
    ]
    if fresh:
        connection.execute(insert(feed_candidates), fresh)
