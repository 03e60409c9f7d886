"""Progress figures: posts by stage and scope, FTE and cost moved, % centralised — grouped
any way.

% centralised counts the posts in the central team (moved, or registered there from the
start) over the posts not agreed out of scope (`domain/post_scope.py`): a post agreed to
stay in its department neither helps nor holds back its function; undecided posts count as
still to move.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, func, select

from services.workflow.adapters.tables import journeys, post_endings
from services.workflow.domain.journey import JourneyStage
from services.workflow.domain.post_scope import OUT_OF_SCOPE, SCOPES, counts_as_centralised

EFFECTIVE = JourneyStage.EFFECTIVE.value


def progress_by(
    connection: Connection, *keys: ColumnElement[Any], department: str | None = None
) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Figures per distinct value of `keys` over registered posts (one grouped query)."""
    c = journeys.c
    query = (
        select(
            *keys,
            c.stage,
            c.scope,
            c.already_central,
            func.count(),
            func.sum(c.fte),
            func.sum(c.annual_cost),
            func.sum(c.moved_fte),
            func.sum(c.moved_annual_cost),
            func.sum(c.budget_moved_amount),
        )
        .where(c.registered.is_(True), c.post_number.not_in(_disestablished()))
        .group_by(*keys, c.stage, c.scope, c.already_central)
    )
    if department is not None:
        query = query.where(c.department == department)
    figures: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in connection.execute(query):
        key = tuple(row[: len(keys)])
        stage, scope, central, posts, fte, cost, moved_fte, moved_cost, budget = row[len(keys) :]
        entry = figures.setdefault(key, _empty())
        entry["posts"] += posts
        entry["posts_by_stage"][stage] = entry["posts_by_stage"].get(stage, 0) + posts
        entry[f"posts_{scope}"] += posts
        entry["fte"] += fte or 0
        entry["annual_cost"] += cost or 0
        if stage == EFFECTIVE:
            entry["posts_moved"] += posts
            entry["fte_moved"] += moved_fte or 0
            entry["annual_cost_moved"] += moved_cost or 0
        if central:
            entry["posts_already_central"] += posts
        if scope != OUT_OF_SCOPE:
            entry["to_centralise"] += (posts, fte or 0)
        effective = stage == EFFECTIVE
        if counts_as_centralised(scope=scope, already_central=central, effective=effective):
            entry["centralised"] += (posts, fte or 0)
        entry["budget_moved"] += budget or 0
    _add_endings(connection, figures, keys, department)
    for entry in figures.values():
        _finish(entry)
    return figures


def _disestablished() -> Select[tuple[str]]:
    ended = post_endings.c
    return select(ended.post_number).where(ended.disestablished_on.is_not(None))


def _add_endings(
    connection: Connection,
    figures: dict[tuple[Any, ...], dict[str, Any]],
    keys: tuple[ColumnElement[Any], ...],
    department: str | None,
) -> None:
    """Posts delivered candidates put at risk, and those they took out of the establishment
    (not counted above: a post that no longer exists neither is nor awaits centralising)."""
    c, ended = journeys.c, post_endings.c
    gone = ended.disestablished_on.is_not(None)
    query = (
        select(*keys, gone, func.count(), func.sum(ended.fte), func.sum(ended.annual_cost))
        .select_from(post_endings.join(journeys, c.post_number == ended.post_number))
        .group_by(*keys, gone)
    )
    if department is not None:
        query = query.where(c.department == department)
    for row in connection.execute(query):
        entry = figures.setdefault(tuple(row[: len(keys)]), _empty())
        was_gone, posts, fte, cost = row[len(keys) :]
        if was_gone:
            entry["posts_disestablished"] += posts
            entry["fte_disestablished"] += fte or 0
            entry["annual_cost_disestablished"] += cost or 0
        else:
            entry["posts_at_risk"] += posts


class _Tally:
    """Posts and FTE counted together (private: only the percentages are shown)."""

    def __init__(self) -> None:
        self.posts, self.fte = 0, 0.0

    def __iadd__(self, more: tuple[int, float]) -> _Tally:
        self.posts += more[0]
        self.fte += more[1]
        return self


def _empty() -> dict[str, Any]:
    return {
        "posts": 0,
        "posts_by_stage": {},
        **{f"posts_{scope}": 0 for scope in SCOPES},
        "posts_already_central": 0,
        "fte": 0.0,
        "annual_cost": 0,
        "posts_moved": 0,
        "fte_moved": 0.0,
        "annual_cost_moved": 0,
        "budget_moved": 0,
        "posts_at_risk": 0,
        "posts_disestablished": 0,
        "fte_disestablished": 0.0,
        "annual_cost_disestablished": 0,
        "to_centralise": _Tally(),
        "centralised": _Tally(),
    }


def _finish(entry: dict[str, Any]) -> None:
    entry["fte"] = round(entry["fte"], 2)
    entry["fte_moved"] = round(entry["fte_moved"], 2)
    entry["fte_disestablished"] = round(entry["fte_disestablished"], 2)
    whole, done = entry.pop("to_centralise"), entry.pop("centralised")
    entry["percent_centralised"] = _percent(done.posts, whole.posts)
    entry["percent_fte_centralised"] = _percent(done.fte, whole.fte)


def _percent(part: float, whole: float) -> float:
    return round(100 * part / whole, 1) if whole else 0.0
