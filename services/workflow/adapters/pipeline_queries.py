"""Reading the redesign pipeline: candidates with their estimated benefits and score."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, select

from services.workflow.adapters.tables import candidates, processes
from services.workflow.domain.benefits import (
    ProcessEffort,
    WorkingTime,
    estimate_benefit,
    priority_score,
)

SORTS: dict[str, Callable[[dict[str, Any]], float]] = {
    "score": lambda c: -c["priority_score"],
    "money": lambda c: -(c["money_saved_per_year"] or 0),
    "hours": lambda c: -(c["hours_saved_per_year"] or 0),
    "ease": lambda c: -c["ease"],
}


def candidate_views(
    connection: Connection, working: WorkingTime, **filters: str | None
) -> list[dict[str, Any]]:
    """Candidates matching `filters` (team, status, kind, process_id, department)."""
    query = select(candidates, processes).join_from(
        candidates, processes, candidates.c.process_id == processes.c.process_id, isouter=True
    )
    for name in ("team", "status", "kind", "process_id"):
        if filters.get(name):
            query = query.where(candidates.c[name] == filters[name])
    views = [_view(dict(row), working) for row in connection.execute(query).mappings()]
    department = filters.get("department")
    if department:
        views = [view for view in views if department in view["departments"]]
    return views


def ranked(views: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    """Best first by the chosen measure; ties by candidate id so the order is stable."""
    return sorted(views, key=lambda view: (SORTS[sort](view), view["candidate_id"]))


def _view(row: dict[str, Any], working: WorkingTime) -> dict[str, Any]:
    process_known = row.get("volume_per_year") is not None
    view: dict[str, Any] = {
        key: row[key]
        for key in (
            "candidate_id",
            "process_id",
            "team",
            "kind",
            "title",
            "status",
            "ease",
            "automation_potential_percent",
            "identified_on",
            "delivered_on",
            "realised_hours_saved_per_year",
            "realised_money_saved_per_year",
            "rejected_reason",
            "producer",
        )
    }
    view["post_numbers"] = json.loads(row["post_numbers"])
    view["departments"] = json.loads(row["departments"])
    view["process_name"] = row.get("name")
    benefit = None
    if process_known:
        effort = ProcessEffort(
            volume_per_year=row["volume_per_year"],
            minutes_per_case=row["minutes_per_case"],
            rework_percent=row["rework_percent"],
            average_grade_cost=row["average_grade_cost"],
        )
        benefit = estimate_benefit(effort, row["automation_potential_percent"], working)
    view["hours_as_is"] = benefit.hours_as_is if benefit else None
    view["cost_as_is"] = benefit.cost_as_is if benefit else None
    view["hours_saved_per_year"] = benefit.hours_saved if benefit else None
    view["money_saved_per_year"] = benefit.money_saved if benefit else None
    view["priority_score"] = priority_score(benefit.money_saved, row["ease"]) if benefit else 0.0
    return view
