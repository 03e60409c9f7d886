"""`TeamCentralised`: every registered post of a support function that is not agreed out of
scope is in its central team — moved (effective) or registered there from the start — and
at least one of them moved (a function that was central all along has no move to mark).
Undecided posts count as still to move (`domain/post_scope.py`).

A function is centralised once; if a rescind withdraws that milestone
(`team_withdrawals.py`), it is centralised once again when its posts are all in again, the
new milestone naming the withdrawal it follows: `centralisations` walks that chain.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, case, func, or_, select

from services.workflow.adapters.tables import journeys
from services.workflow.domain.journey import Journey, JourneyStage
from services.workflow.domain.post_scope import OUT_OF_SCOPE
from services.workflow.projections.milestones import (
    Milestone,
    published_event_ids,
    publishing_held_back,
    team_centralised_key,
    team_withdrawn_key,
)
from shared.events.milestones import TeamCentralised
from shared.persistence.outbox import NewEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class Centralisation:
    """Where a function's `TeamCentralised` milestones stand."""

    in_force: str | None  # the event id of the one not withdrawn, if any
    key: str  # its guard key, or the key the next one will have
    after: str | None  # the withdrawal the next one follows (None: it is the first)


@dataclass(frozen=True, slots=True, kw_only=True)
class TeamCount:
    """A function's registered posts in scope, how many are in its team, and its moves."""

    function: str
    posts: int
    in_team: int
    moved: int
    last_moved_on: date | None

    @property
    def centralised(self) -> bool:
        return bool(self.posts and self.posts == self.in_team and self.moved and self.last_moved_on)


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
    standing = centralisations(connection, functions)
    open_functions = sorted(f for f, state in standing.items() if state.in_force is None)
    if not open_functions:
        return []
    return _centralised(team_counts(connection, open_functions), standing)


def every_centralised_team(connection: Connection) -> list[Milestone]:
    """`TeamCentralised` for every function centralised now (the module's rule)."""
    counts = team_counts(connection, None)
    standing = centralisations(connection, [c.function for c in counts if c.centralised])
    return _centralised(counts, standing)


def centralisations(connection: Connection, functions: Iterable[str]) -> dict[str, Centralisation]:
    """Each function's `TeamCentralised` in force (or none) and the key of its next one,
    following each milestone to its withdrawal, if any, and on (a query or two per step)."""
    keys = {function: team_centralised_key(function) for function in functions}
    after: dict[str, str | None] = dict.fromkeys(keys)
    standing: dict[str, Centralisation] = {}
    pending = set(keys)
    while pending:
        published = published_event_ids(connection, [keys[f] for f in pending])
        live = {f: published[keys[f]] for f in pending if keys[f] in published}
        for function in pending - set(live):
            standing[function] = Centralisation(
                in_force=None, key=keys[function], after=after[function]
            )
        withdrawn = published_event_ids(connection, [team_withdrawn_key(e) for e in live.values()])
        pending = set()
        for function, event_id in live.items():
            withdrawal = withdrawn.get(team_withdrawn_key(event_id))
            if withdrawal is None:
                standing[function] = Centralisation(
                    in_force=event_id, key=keys[function], after=after[function]
                )
            else:
                after[function] = withdrawal
                keys[function] = team_centralised_key(function, withdrawal)
                pending.add(function)
    return standing


def team_counts(connection: Connection, functions: Collection[str] | None) -> list[TeamCount]:
    """The counts of these functions (every function: None), one grouped query."""
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
        query = query.where(journeys.c.function.in_(sorted(functions)))
    return [
        TeamCount(function=f, posts=n, in_team=in_team or 0, moved=m or 0, last_moved_on=last)
        for f, n, in_team, m, last in connection.execute(query)
    ]


def _centralised(
    counts: Iterable[TeamCount], standing: dict[str, Centralisation]
) -> list[Milestone]:
    milestones: list[Milestone] = []
    for count in counts:
        state = standing.get(count.function)
        if not count.centralised or state is None:
            continue  # (one in force keeps its key: publishing it again does nothing)
        assert count.last_moved_on is not None
        event = TeamCentralised(
            team=count.function, function=count.function, posts_moved=count.moved,
            completed_on=count.last_moved_on, after_withdrawal_event_id=state.after,
        )  # fmt: skip
        milestones.append(
            Milestone(
                key=state.key,
                event=NewEvent(
                    payload=event, aggregate_id=count.function, effective_date=count.last_moved_on
                ),
            )
        )
    return milestones
