"""A bulk change as HR's bulk API takes it: the action, its options, and the combined report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from services.console.application.dates import read_date
from services.console.application.refusals import FieldError

BULK_ACTIONS = {
    "propose": "Propose transfers",
    "open_consultation": "Open consultation",
    "close_consultation": "Close consultation",
    "approve": "Approve transfers",
}
OUTCOMES = ("agreed", "agreed_with_changes", "not_agreed")


def bulk_options(form: Mapping[str, str]) -> tuple[dict[str, Any], list[FieldError]]:
    """The action and the options it needs from the form, or errors naming the fields."""
    action = form.get("action", "")
    if action not in BULK_ACTIONS:
        return {}, [FieldError("action", "Select what to do to every post in the file")]
    options: dict[str, Any] = {"action": action}
    errors: list[FieldError] = []
    if action == "propose":
        day, problem = read_date(form, "effective_date", "the effective date")
        if problem:
            errors.append(FieldError("effective_date", problem))
        options["effective_date"] = day.isoformat() if day else None
        options["target_team"] = form.get("target_team") or None
        options["reason"] = form.get("reason", "")
        if not options["reason"]:
            errors.append(FieldError("reason", "Enter the reason for the transfers"))
    elif action == "open_consultation":
        day, problem = read_date(form, "closes_by", "the date consultation closes by")
        if problem:
            errors.append(FieldError("closes_by", problem))
        options["closes_by"] = day.isoformat() if day else None
    elif action == "close_consultation":
        if form.get("outcome") not in OUTCOMES:
            errors.append(FieldError("outcome", "Select the outcome of the consultations"))
        options["outcome"] = form.get("outcome")
    return options, errors


def combined(reports: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Several chunk reports as one: totals added up, rows in order."""
    totals = {"rows": 0, "done": 0, "refused": 0, "error": 0}
    rows: list[dict[str, Any]] = []
    for report in reports:
        for key in totals:
            totals[key] += (report.get("totals") or {}).get(key, 0)
        rows.extend(report.get("rows", []))
    return {"totals": totals, "rows": rows}
