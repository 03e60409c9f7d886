"""Apply HR's consultation-exercise events (`hr.consultations`) to Workflow's exercises.

Each fact is stored once, keyed by (exercise, sequence); every exercise a batch touches is
then refolded from all its stored facts (`domain/exercise_view.py`: a handful each) and its
view and departments written over what was there.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from services.workflow.adapters.exercise_tables import (
    exercise_departments,
    exercise_events,
    exercises,
)
from services.workflow.domain.exercise_view import EXERCISE_STEPS, ExerciseView, fold_exercise
from services.workflow.domain.summaries import summary_of
from services.workflow.projections.tracker import iso_text
from shared.chunks import chunks
from shared.events.catalogue import CATALOGUE, ReadEvent

CONSULTATIONS_CONSUMER = "workflow.consultations"
HANDLERS = EXERCISE_STEPS  # what the consumer does with each event on its topic


def apply_consultation_events(connection: Connection, events: list[ReadEvent]) -> None:
    """The `apply` function of the consultations consumer."""
    wanted = [e for e in events if type(e.payload) in HANDLERS]
    touched = sorted({e.envelope.aggregate_id for e in wanted})
    if not touched:
        return
    stored = _stored_facts(connection, touched)
    fresh: list[dict[str, Any]] = []
    for event in wanted:
        envelope = event.envelope
        if envelope.sequence in stored.setdefault(envelope.aggregate_id, {}):
            continue  # the same fact under another event id is still one fact
        payload = event.payload.model_dump(mode="json")
        stored[envelope.aggregate_id][envelope.sequence] = (envelope.event_type, payload)
        fresh.append(_fact_row(event, payload))
    if fresh:
        connection.execute(insert(exercise_events), fresh)
    for exercise_id in touched:
        facts = [
            (sequence, CATALOGUE[event_type], payload)
            for sequence, (event_type, payload) in stored[exercise_id].items()
        ]
        view = fold_exercise(exercise_id, facts)
        if view is not None:
            _save(connection, view)


def _stored_facts(
    connection: Connection, exercise_ids: list[str]
) -> dict[str, dict[int, tuple[str, dict[str, Any]]]]:
    c = exercise_events.c
    found: dict[str, dict[int, tuple[str, dict[str, Any]]]] = {}
    for part in chunks(exercise_ids):
        query = select(c.exercise_id, c.sequence, c.event_type, c.payload).where(
            c.exercise_id.in_(part)
        )
        for row in connection.execute(query):
            found.setdefault(row.exercise_id, {})[row.sequence] = (
                row.event_type,
                json.loads(row.payload),
            )
    return found


def _fact_row(event: ReadEvent, payload: dict[str, Any]) -> dict[str, Any]:
    envelope = event.envelope
    return {
        "exercise_id": envelope.aggregate_id,
        "sequence": envelope.sequence,
        "event_id": event.event_id,
        "event_type": envelope.event_type,
        "occurred_at": iso_text(event.document.get("occurred_at"), envelope.occurred_at),
        "recorded_at": iso_text(event.document.get("recorded_at"), envelope.recorded_at),
        "actor_id": envelope.actor.id,
        "actor_role": envelope.actor.role,
        "summary": summary_of(type(event.payload), payload),
        "payload": json.dumps(payload),
    }


def _save(connection: Connection, view: ExerciseView) -> None:
    exercise_id = view.exercise_id
    connection.execute(delete(exercises).where(exercises.c.exercise_id == exercise_id))
    connection.execute(
        insert(exercises),
        {
            "exercise_id": exercise_id,
            "status": view.status,
            "opened_on": view.opened_on,
            "view": json.dumps(asdict(view), default=_iso),
            "sequence": view.sequence,
        },
    )
    departments = exercise_departments.c
    connection.execute(delete(exercise_departments).where(departments.exercise_id == exercise_id))
    if view.departments:
        rows = [{"exercise_id": exercise_id, "department": d} for d in view.departments]
        connection.execute(insert(exercise_departments), rows)


def _iso(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in an exercise's view")
