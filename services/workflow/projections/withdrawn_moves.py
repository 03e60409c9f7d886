"""Correct a published `PostMoveCompleted` when HR rescinds the move: a `PostMoveWithdrawn`
naming it, never a rewrite. Only a move that was announced is withdrawn."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select

from services.workflow.adapters.journey_store import journey_from_row
from services.workflow.adapters.tables import journeys
from services.workflow.domain.journey import Journey, JourneyStage
from services.workflow.projections.milestones import Milestone, published_event_ids
from shared.events.milestones import PostMoveWithdrawn
from shared.persistence.outbox import NewEvent


def moves_withdrawn(connection: Connection, rescinded: Iterable[Journey]) -> list[Milestone]:
    """A `PostMoveWithdrawn` for each rescinded journey whose move was announced."""
    candidates = [j for j in rescinded if j.transfer_id is not None]
    announced = published_event_ids(
        connection, [f"PostMoveCompleted:{j.transfer_id}" for j in candidates]
    )
    return [
        _withdrawn(journey, announced[key])
        for journey in candidates
        if (key := f"PostMoveCompleted:{journey.transfer_id}") in announced
    ]


def every_move_withdrawn(connection: Connection) -> list[Milestone]:
    """Every rescinded journey's withdrawal that is due (for the start-up catch-up)."""
    query = select(journeys).where(journeys.c.stage == JourneyStage.RESCINDED.value)
    return moves_withdrawn(connection, [journey_from_row(r) for r in connection.execute(query)])


def _withdrawn(journey: Journey, completed_event_id: str) -> Milestone:
    assert journey.transfer_id is not None and journey.effective_date is not None
    event = PostMoveWithdrawn(
        post_number=journey.post_number,
        transfer_id=journey.transfer_id,
        corrects_event_id=completed_event_id,
        team=journey.target_team or "",
        from_department=journey.department or "",
        effective_date=journey.effective_date,
    )
    return Milestone(
        key=f"PostMoveWithdrawn:{journey.transfer_id}",
        event=NewEvent(
            payload=event,
            aggregate_id=journey.post_number,
            department=journey.department,
            effective_date=journey.effective_date,
        ),
    )
