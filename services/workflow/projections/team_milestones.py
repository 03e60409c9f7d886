"""`TeamCentralised`: every registered post of a support function has moved (effective)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, case, func, select

from services.workflow.adapters.tables import journeys
from services.workflow.domain.journey import Journey, JourneyStage
from services.workflow.projections.milestones import (
    Milestone,
    already_published,
    publishing_held_back,
    team_centralised_key,
)
from shared.events.milestones import TeamCentralised
from shared.persistence.outbox import NewEvent


def team_centralised_milestones(
    connection: Connection, folded: Sequence[Journey]
) -> list[Milestone]:
    """Milestones for functions this batch may have completed (one grouped query).

    A function already centralised is left out: its milestone happens once, so counting its
    journeys again (a scan that grows with the establishment, every batch) cannot change
    anything. Nor is anything counted while publishing is held back (catching up with the
    log): what is due then is decided once, from the caught-up state."""
    if publishing_held_back():
        return []
    functions = {j.function for j in folded if j.function and j.stage == JourneyStage.EFFECTIVE}
    keys = {team_centralised_key(function): function for function in functions}
    done = already_published(connection, keys)
    open_functions = sorted(function for key, function in keys.items() if key not in done)
    if not open_functions:
        return []
    return _centralised(connection, open_functions)


def every_centralised_team(connection: Connection) -> list[Milestone]:
    """`TeamCentralised` for every function whose registered posts are all effective now."""
    return _centralised(connection, None)


def _centralised(connection: Connection, functions: list[str] | None) -> list[Milestone]:
    moved = func.sum(case((journeys.c.stage == JourneyStage.EFFECTIVE.value, 1), else_=0))
    query = (
        select(journeys.c.function, func.count(), moved, func.max(journeys.c.moved_on))
        .where(journeys.c.registered.is_(True), journeys.c.function.is_not(None))
        .group_by(journeys.c.function)
        .order_by(journeys.c.function)
    )
    if functions is not None:
        query = query.where(journeys.c.function.in_(functions))
    milestones: list[Milestone] = []
    for function, registered, effective, completed_on in connection.execute(query):
        if registered and registered == effective and completed_on is not None:
            event = TeamCentralised(
                team=function, function=function, posts_moved=effective, completed_on=completed_on
            )
            milestones.append(
                Milestone(
                    key=team_centralised_key(function),
                    event=NewEvent(
                        payload=event, aggregate_id=function, effective_date=completed_on
                    ),
                )
            )
    return milestones
