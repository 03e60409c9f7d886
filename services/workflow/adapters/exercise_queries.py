"""Reading consultation exercises: a list (narrowed to a department), one with its posts
and timeline, and the departments each consults (for the leads' feeds)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from services.workflow.adapters.exercise_tables import (
    exercise_departments,
    exercise_events,
    exercises,
)
from services.workflow.adapters.tables import journeys
from services.workflow.domain.exercise_view import ExerciseView
from shared.chunks import chunks

_DATES = ("opened_on", "proposed_close", "earliest_close", "hr1_due", "closed_on")


def view_from_json(text: str) -> ExerciseView:
    """An exercise's view back from its stored JSON."""
    stored = json.loads(text)
    for name in _DATES:
        if stored.get(name):
            stored[name] = date.fromisoformat(stored[name])
    return ExerciseView(**stored)


def list_exercises(
    connection: Connection, department: str | None, status: str | None
) -> list[ExerciseView]:
    """Exercises newest first (by opening), those consulting `department` when given."""
    query = select(exercises.c.view).order_by(exercises.c.opened_on.desc(), exercises.c.exercise_id)
    if department is not None:
        touching = select(exercise_departments.c.exercise_id).where(
            exercise_departments.c.department == department
        )
        query = query.where(exercises.c.exercise_id.in_(touching))
    if status is not None:
        query = query.where(exercises.c.status == status)
    return [view_from_json(row.view) for row in connection.execute(query)]


def get_exercise(connection: Connection, exercise_id: str) -> ExerciseView | None:
    """The exercise, or None when Workflow has not seen it open."""
    query = select(exercises.c.view).where(exercises.c.exercise_id == exercise_id)
    row = connection.execute(query).first()
    return view_from_json(row.view) if row else None


def exercise_timeline(connection: Connection, exercise_id: str) -> list[dict[str, Any]]:
    """Every stored fact of the exercise in sequence order, for its timeline."""
    c = exercise_events.c
    query = (
        select(c.event_type, c.occurred_at, c.recorded_at, c.actor_id, c.actor_role, c.summary,
               c.sequence, c.event_id)
        .where(c.exercise_id == exercise_id)
        .order_by(c.sequence)
    )  # fmt: skip
    return [
        {
            "event_type": row.event_type,
            "occurred_at": row.occurred_at,
            "recorded_at": row.recorded_at,
            "actor": {"id": row.actor_id, "role": row.actor_role},
            "summary": row.summary,
            "sequence": row.sequence,
            "event_id": row.event_id,
        }
        for row in connection.execute(query)
    ]


def posts_of(connection: Connection, post_numbers: list[str]) -> dict[str, dict[str, Any]]:
    """What the tracker knows of these posts: department, title, stage, scope."""
    c = journeys.c
    found: dict[str, dict[str, Any]] = {}
    for part in chunks(sorted(set(post_numbers))):
        query = select(c.post_number, c.department, c.function, c.title, c.stage, c.scope).where(
            c.post_number.in_(part)
        )
        found.update({row.post_number: dict(row._mapping) for row in connection.execute(query)})
    return found


def departments_of_exercises(connection: Connection, ids: Iterable[str]) -> dict[str, list[str]]:
    """The departments each of these exercises consults."""
    found: dict[str, list[str]] = {}
    c = exercise_departments.c
    for part in chunks(sorted(set(ids))):
        query = select(c.exercise_id, c.department).where(c.exercise_id.in_(part))
        for row in connection.execute(query.order_by(c.exercise_id, c.department)):
            found.setdefault(row.exercise_id, []).append(row.department)
    return found
