"""Correct a published `TeamCentralised` when HR rescinds a move into the team and the team
is no longer fully centralised: a `TeamCentralisationWithdrawn` naming it, never a rewrite.

Only a milestone still in force is withdrawn, once; the team is centralised again (a new
`TeamCentralised` naming the withdrawal) when its posts are all in again
(`team_milestones.py`).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select

from services.workflow.adapters.journey_store import journey_from_row
from services.workflow.adapters.tables import journeys
from services.workflow.domain.journey import Journey, JourneyStage
from services.workflow.projections.milestones import Milestone, team_withdrawn_key
from services.workflow.projections.team_milestones import centralisations, team_counts
from shared.events.milestones import TeamCentralisationWithdrawn
from shared.persistence.outbox import NewEvent


def teams_withdrawn(connection: Connection, rescinded: Iterable[Journey]) -> list[Milestone]:
    """A withdrawal for each function whose `TeamCentralised` is in force but which these
    rescinded journeys have left with posts outside its team."""
    by_function = {j.function: j for j in rescinded if j.function and j.transfer_id}
    standing = centralisations(connection, by_function)
    in_force = {f: s.in_force for f, s in standing.items() if s.in_force is not None}
    if not in_force:
        return []
    milestones: list[Milestone] = []
    for count in team_counts(connection, in_force):
        if count.posts > count.in_team:
            journey, corrected = by_function[count.function], in_force[count.function]
            milestones.append(_withdrawn(journey, corrected, count.posts - count.in_team))
    return milestones


def every_team_withdrawn(connection: Connection) -> list[Milestone]:
    """The withdrawals due now, each naming its function's latest rescinded journey (for the
    start-up catch-up)."""
    query = (
        select(journeys)
        .where(journeys.c.stage == JourneyStage.RESCINDED.value)
        .order_by(journeys.c.stage_since, journeys.c.post_number)
    )
    return teams_withdrawn(connection, [journey_from_row(row) for row in connection.execute(query)])


def _withdrawn(journey: Journey, corrected: str, posts_to_move: int) -> Milestone:
    assert journey.function and journey.transfer_id and journey.effective_date is not None
    event = TeamCentralisationWithdrawn(
        corrects_event_id=corrected,
        team=journey.target_team or journey.function,
        function=journey.function,
        post_number=journey.post_number,
        transfer_id=journey.transfer_id,
        effective_date=journey.effective_date,
        posts_to_move=posts_to_move,
    )
    return Milestone(
        key=team_withdrawn_key(corrected),
        event=NewEvent(
            payload=event, aggregate_id=journey.function, effective_date=journey.effective_date
        ),
    )
