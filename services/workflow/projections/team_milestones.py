"""`TeamCentralised`: every registered post of a support function that is not agreed out of
scope is in its central team — moved (effective) or registered there from the start — and
at least one of them moved (a function that was central all along has no move to mark).
Undecided posts count as still to move (`domain/post_scope.py`)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, case, func, or_, select

from services.workflow.adapters.tables import journeys
from services.workflow.domain.journey import Journey, JourneyStage
from services.workflow.domain.post_scope import OUT_OF_SCOPE
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
    """Milestones for functions this batch may have completed — `folded` are the journeys
    that may complete theirs (newly effective or newly out of scope); one grouped query.

    A function already centralised is left out: its milestone happens once, so counting its
    journeys again (a scan that grows with the establishment, every batch) cannot change
    anything. Nor is anything counted while publishing is held back (catching up with the
    log): what is due then is decided once, from the caught-up state."""
    if publishing_held_back():
        return []
    functions = {journey.function for journey in folded if journey.function}
    keys = {team_centralised_key(function): function for function in functions}
    done = already_published(connection, keys)
    open_functions = sorted(function for key, function in keys.items() if key not in done)
    if not open_functions:
        return []
    return _centralised(connection, open_functions)


def every_centralised_team(connection: Connection) -> list[Milestone]:
    """`TeamCentralised` for every function centralised now (the module's rule)."""
    return _centralised(connection, None)


def _centralised(connection: Connection, functions: list[str] | None) -> list[Milestone]:
    c = journeys.c
    effective = c.stage == JourneyStage.EFFECTIVE.value
    moved = func.sum(case((effective, 1), else_=0))
    central = func.sum(case((or_(effective, c.already_central.is_(True)), 1), else_=0))
    query = (
        select(c.function, func.count(), central, moved, func.max(c.moved_on))
        .where(c.registered.is_(True), c.function.is_not(None), c.scope != OUT_OF_SCOPE)
        .group_by(c.function)
        .order_by(c.function)
    )
    if functions is not None:
        query = query.where(journeys.c.function.in_(functions))
    milestones: list[Milestone] = []
    for function, counted, in_team, posts_moved, completed_on in connection.execute(query):
        if counted and counted == in_team and posts_moved and completed_on is not None:
            event = TeamCentralised(
                team=function, function=function, posts_moved=posts_moved,
                completed_on=completed_on,
            )  # fmt: skip
            milestones.append(
                Milestone(
                    key=team_centralised_key(function),
                    event=NewEvent(
                        payload=event, aggregate_id=function, effective_date=completed_on
                    ),
                )
            )
    return milestones
