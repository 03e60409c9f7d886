"""The golden thread: every event from a process registered to a pound saved, kept by the
candidate (or process) it concerns, with its event id, so a saving can be traced back
through the benefits register and the pipeline to the process it came from."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert, or_, select

from services.workflow.adapters.tables import candidates, thread_events
from shared.chunks import chunks
from shared.events.catalogue import ReadEvent

Row = dict[str, Any]


def record_thread(connection: Connection, events: list[ReadEvent]) -> None:
    """Keep each event that names a candidate or a process, once."""
    wanted = [e for e in events if _subject(e) != (None, None)]
    ids = [str(e.envelope.event_id) for e in wanted]
    seen: set[str] = set()
    for part in chunks(ids):
        query = select(thread_events.c.event_id).where(thread_events.c.event_id.in_(part))
        seen.update(connection.execute(query).scalars())
    rows = []
    for event in wanted:
        event_id = str(event.envelope.event_id)
        if event_id in seen:
            continue
        seen.add(event_id)
        candidate_id, process_id = _subject(event)
        rows.append({
            "event_id": event_id, "event_type": event.envelope.event_type,
            "producer": event.envelope.producer,
            "occurred_at": event.envelope.occurred_at.isoformat(),
            "candidate_id": candidate_id, "process_id": process_id,
            "summary": event.payload.model_dump_json(),
        })  # fmt: skip
    if rows:
        connection.execute(insert(thread_events), rows)


def _subject(event: ReadEvent) -> tuple[str | None, str | None]:
    payload = event.payload
    return getattr(payload, "candidate_id", None), getattr(payload, "process_id", None)


def candidate_thread(connection: Connection, candidate_id: str) -> list[Row]:
    """The candidate's process's events, its own, its benefits' and Finance's, in order."""
    query = select(candidates.c.process_id).where(candidates.c.candidate_id == candidate_id)
    process_id = connection.execute(query).scalar_one_or_none()
    if process_id is None:
        return []
    table = thread_events
    rows = connection.execute(
        select(table)
        .where(
            or_(
                table.c.candidate_id == candidate_id,
                (table.c.process_id == process_id) & table.c.candidate_id.is_(None),
            )
        )
        .order_by(table.c.occurred_at, table.c.event_id)
    ).mappings()
    return [dict(row) | {"payload": json.loads(row["summary"])} for row in rows]


def candidates_of(
    connection: Connection, team: str | None = None, post: str | None = None
) -> list[str]:
    """Candidates of a team, or whose work or benefit case names a post."""
    query = select(candidates.c.candidate_id, candidates.c.post_numbers).where(
        candidates.c.team == team if team else candidates.c.candidate_id.is_not(None)
    )
    found = {row.candidate_id for row in connection.execute(query)
             if post is None or post in json.loads(row.post_numbers)}  # fmt: skip
    if post is not None:
        claims = select(thread_events.c.candidate_id, thread_events.c.summary).where(
            thread_events.c.event_type == "BenefitCaseRecorded"
        )
        for candidate_id, summary in connection.execute(claims):
            if post in json.loads(summary).get("post_numbers", []):
                found.add(candidate_id)
    return sorted(found)
