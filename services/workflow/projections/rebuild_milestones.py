"""Publish the milestones the caught-up tracker shows are due and the guard has not seen.

Run once per start, when the tracker has read up to where the log ended at start and the
guard has been rebuilt from `workflow.milestones` (see `entrypoints/rebuild.py`). After a
rebuild every milestone is already in the guard and nothing is published; after a normal
restart with a backlog, what the backlog completed is published now, from the final state.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from services.workflow.adapters.journey_store import journey_from_row
from services.workflow.adapters.tables import journeys
from services.workflow.domain.journey import JourneyStage
from services.workflow.projections.milestones import Milestone, publish_once
from services.workflow.projections.team_milestones import every_centralised_team
from services.workflow.projections.team_withdrawals import every_team_withdrawn
from services.workflow.projections.tracker import _move_completed
from services.workflow.projections.withdrawn_moves import every_move_withdrawn


def publish_due_milestones(connection: Connection, topic_prefix: str, now: datetime) -> int:
    """`PostMoveCompleted`, `TeamCentralised`, `PostMoveWithdrawn` and
    `TeamCentralisationWithdrawn` due now and never published; how many."""
    due = moves_completed(connection) + every_centralised_team(connection)
    due += every_move_withdrawn(connection) + every_team_withdrawn(connection)
    return publish_once(connection, due, topic_prefix, now)


def moves_completed(connection: Connection) -> list[Milestone]:
    """A `PostMoveCompleted` for each post whose current transfer is effective and funded."""
    query = (
        select(journeys)
        .where(journeys.c.stage == JourneyStage.EFFECTIVE.value, journeys.c.budget_moved)
        .where(journeys.c.transfer_id.is_not(None), journeys.c.effective_date.is_not(None))
        .order_by(journeys.c.post_number)
    )
    return [_move_completed(journey_from_row(row)) for row in connection.execute(query)]
