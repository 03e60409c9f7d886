"""The board report's inputs from Workflow's read models: every post's stored facts, every
wave's plan versions, Finance's savings facts (`shared/programme/board.py` does the sums)."""

from __future__ import annotations

import json
from datetime import date
from itertools import groupby

from sqlalchemy import Connection, select

from services.workflow.adapters.exercise_tables import exercise_events
from services.workflow.adapters.tables import post_events, savings_events
from services.workflow.domain.journey import HR_STREAM
from services.workflow.projections.programme import load_waves
from shared.programme.board import BoardInputs
from shared.programme.exercises import EXERCISE_READ, ExerciseFacts, exercises_from
from shared.programme.facts import READ, posts_and_decisions
from shared.programme.savings import SavingsFact


def board_inputs(connection: Connection) -> BoardInputs:
    """Everything the report is made of, as Workflow holds it."""
    c = post_events.c
    query = (
        select(c.post_number, c.event_type, c.occurred_at, c.payload)
        .where(c.stream == HR_STREAM, c.event_type.in_(READ))
        .order_by(c.post_number, c.sequence)
    )
    streams = (
        (number, [(row.event_type, date.fromisoformat(row.occurred_at[:10]),
                   json.loads(row.payload)) for row in rows])
        for number, rows in groupby(connection.execute(query), key=lambda row: row.post_number)
    )  # fmt: skip
    posts, decisions = posts_and_decisions(streams)
    return BoardInputs(
        posts=posts,
        plans={wave.wave_id: wave.plans for wave in load_waves(connection)},
        savings=_savings(connection),
        decisions=decisions,
        exercises=_exercises(connection),
    )


def _exercises(connection: Connection) -> list[ExerciseFacts]:
    c = exercise_events.c
    query = (
        select(c.exercise_id, c.event_type, c.occurred_at, c.payload)
        .where(c.event_type.in_(EXERCISE_READ))
        .order_by(c.exercise_id, c.sequence)
    )
    return exercises_from(
        (exercise_id, [(row.event_type, date.fromisoformat(row.occurred_at[:10]),
                        json.loads(row.payload)) for row in rows])
        for exercise_id, rows in groupby(connection.execute(query), key=lambda r: r.exercise_id)
    )  # fmt: skip


def _savings(connection: Connection) -> list[SavingsFact]:
    c = savings_events.c
    # A team's targets and realised savings only: department and programme targets, and the
    # budget reductions that follow a saving, share the table but are not the report's rows.
    query = select(c.team, c.financial_year, c.event_type, c.amount, c.sequence).where(
        c.event_type.in_(("SavingsTargetSet", "SavingsRealised"))
    )
    return [
        SavingsFact(
            team=row.team,
            financial_year=row.financial_year,
            kind="target" if row.event_type == "SavingsTargetSet" else "realised",
            amount=row.amount,
            sequence=row.sequence,
        )
        for row in connection.execute(query)
    ]
