"""Post facts and journeys in SQL, loaded and saved a batch at a time (no per-event queries)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from services.workflow.adapters.tables import journeys, post_events
from services.workflow.domain.journey import Journey, PostFact
from services.workflow.domain.journey_as_of import KnownFact
from shared.chunks import chunks
from shared.events.catalogue import CATALOGUE

FactKey = tuple[str, int]  # (stream, sequence)
_JOURNEY_FIELDS = tuple(field.name for field in fields(Journey))


def load_facts(
    connection: Connection, post_numbers: Iterable[str]
) -> dict[str, dict[FactKey, PostFact]]:
    """Every stored fact of these posts, by post and (stream, sequence)."""
    found: dict[str, dict[FactKey, PostFact]] = {}
    wanted = sorted(set(post_numbers))
    columns = (
        post_events.c.post_number,
        post_events.c.stream,
        post_events.c.sequence,
        post_events.c.event_type,
        post_events.c.occurred_at,
        post_events.c.payload,
    )
    for part in chunks(wanted):
        for row in connection.execute(select(*columns).where(post_events.c.post_number.in_(part))):
            found.setdefault(row.post_number, {})[(row.stream, row.sequence)] = _fact(row)
    return found


def dated_facts(
    connection: Connection, post_number: str | None = None
) -> dict[str, list[KnownFact]]:
    """Every stored fact (of one post, if named) with its event id and recorded day, by post."""
    c = post_events.c
    columns = (c.post_number, c.stream, c.sequence, c.event_type, c.occurred_at, c.payload)
    query = select(*columns, c.event_id, c.recorded_at)
    if post_number is not None:
        query = query.where(c.post_number == post_number)
    found: dict[str, list[KnownFact]] = {}
    for row in connection.execute(query):
        recorded_on = datetime.fromisoformat(row.recorded_at).astimezone(UTC).date()
        known = KnownFact(fact=_fact(row), event_id=row.event_id, recorded_on=recorded_on)
        found.setdefault(row.post_number, []).append(known)
    return found


def _fact(row: Any) -> PostFact:
    return PostFact(
        stream=row.stream,
        sequence=row.sequence,
        kind=CATALOGUE[row.event_type],
        occurred_at=datetime.fromisoformat(row.occurred_at),
        payload=json.loads(row.payload),
    )


def known_facts(
    connection: Connection, keys: Sequence[tuple[str, str, int]]
) -> set[tuple[str, str, int]]:
    """Every stored (post, stream, sequence) of the posts these keys name (keys only), so
    the caller learns both which facts are known and which posts have none stored."""
    c = post_events.c
    found: set[tuple[str, str, int]] = set()
    for part in chunks(sorted({post for post, _, _ in keys})):
        query = select(c.post_number, c.stream, c.sequence).where(c.post_number.in_(part))
        found.update(
            (row.post_number, row.stream, row.sequence) for row in connection.execute(query)
        )
    return found


def load_journeys(connection: Connection, post_numbers: Iterable[str]) -> dict[str, Journey]:
    """The stored journeys of these posts (those that have one)."""
    found: dict[str, Journey] = {}
    for part in chunks(sorted(set(post_numbers))):
        for row in connection.execute(select(journeys).where(journeys.c.post_number.in_(part))):
            found[row.post_number] = journey_from_row(row)
    return found


def journey_from_row(row: Any) -> Journey:
    """A journey back from its `journeys` row."""
    mapping = row._mapping if hasattr(row, "_mapping") else row
    return Journey(**{name: mapping[name] for name in _JOURNEY_FIELDS})


def timeline_rows(connection: Connection, post_number: str) -> list[dict[str, Any]]:
    """The post's stored facts in time order (ties broken by stream and sequence)."""
    query = (
        select(post_events)
        .where(post_events.c.post_number == post_number)
        .order_by(post_events.c.occurred_at, post_events.c.stream, post_events.c.sequence)
    )
    return [dict(row) for row in connection.execute(query).mappings()]
