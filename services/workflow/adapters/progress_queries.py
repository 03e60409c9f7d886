"""Progress figures: posts by stage, FTE and cost moved, % centralised — grouped any way."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select

from services.workflow.adapters.tables import journeys
from services.workflow.domain.journey import JourneyStage

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
            func.count(),
            func.sum(c.fte),
            func.sum(c.annual_cost),
            func.sum(c.moved_fte),
            func.sum(c.moved_annual_cost),
            func.sum(c.budget_moved_amount),
        )
        .where(c.registered.is_(True))
        .group_by(*keys, c.stage)
    )
    if department is not None:
        query = query.where(c.department == department)
    figures: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in connection.execute(query):
        key = tuple(row[: len(keys)])
        stage, posts, fte, cost, moved_fte, moved_cost, budget = row[len(keys) :]
        entry = figures.setdefault(key, _empty())
        entry["posts"] += posts
        entry["posts_by_stage"][stage] = posts
        entry["fte"] += fte or 0
        entry["annual_cost"] += cost or 0
        if stage == EFFECTIVE:
            entry["posts_moved"] += posts
            entry["fte_moved"] += moved_fte or 0
            entry["annual_cost_moved"] += moved_cost or 0
        entry["budget_moved"] += budget or 0
    for entry in figures.values():
        _finish(entry)
    return figures


def _empty() -> dict[str, Any]:
    return {
        "posts": 0,
        "posts_by_stage": {},
        "fte": 0.0,
        "annual_cost": 0,
        "posts_moved": 0,
        "fte_moved": 0.0,
        "annual_cost_moved": 0,
        "budget_moved": 0,
    }


def _finish(entry: dict[str, Any]) -> None:
    entry["fte"] = round(entry["fte"], 2)
    entry["fte_moved"] = round(entry["fte_moved"], 2)
    posts, fte = entry["posts"], entry["fte"]
    entry["percent_centralised"] = round(100 * entry["posts_moved"] / posts, 1) if posts else 0.0
    entry["percent_fte_centralised"] = round(100 * entry["fte_moved"] / fte, 1) if fte else 0.0
