"""One line per event for a post's timeline, in the council's words."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Payload = Mapping[str, Any]

_SUMMARIES: dict[str, Callable[[Payload], str]] = {
    "PostRegistered": lambda p: (
        f"{p['title']} ({p['grade']}, {p['fte']} FTE) registered in {p['department']}"
    ),
    "PostUpdated": lambda p: (
        "post details corrected"
        if p.get("corrects_event_id")
        else f"post details changed{': ' + p['reason'] if p.get('reason') else ''}"
    ),
    "TransferProposed": lambda p: (
        f"transfer to {p['target_team']} proposed, effective {p['effective_date']}"
    ),
    "EffectiveDateChanged": lambda p: (
        f"effective date moved from {p['previous_effective_date']} to {p['effective_date']}"
    ),
    "ConsultationOpened": lambda p: (
        f"consultation opened on {p['opened_on']}, closes by {p['closes_by']}"
    ),
    "ConsultationClosed": lambda p: (
        f"consultation closed on {p['closed_on']}: {p['outcome'].replace('_', ' ')}"
    ),
    "TransferApproved": lambda p: (
        f"transfer to {p['target_team']} approved, effective {p['effective_date']}"
    ),
    "TransferRejected": lambda p: f"transfer rejected: {p['reason']}",
    "TransferEffective": lambda p: f"post now in {p['target_team']} from {p['effective_date']}",
    "TransferCancelled": lambda p: f"transfer cancelled while {p['stage']}: {p['reason']}",
    "BudgetCheckPassed": lambda p: (
        f"budget check passed on {p['cost_centre']} (£{p['headroom']:,} headroom left)"
    ),
    "BudgetCheckFailed": lambda p: f"budget check failed on {p['cost_centre']}: {p['reason']}",
    "BudgetReserved": lambda p: f"£{p['amount']:,} reserved on {p['cost_centre']}",
    "BudgetMoved": lambda p: (
        f"£{p['full_year_amount']:,} a year moved from "
        f"{p['from_cost_centre']} to {p['to_cost_centre']}"
    ),
    "BudgetReleased": lambda p: f"£{p['amount']:,} released on {p['cost_centre']}: {p['reason']}",
}


def summary_of(event_type: str, payload: Payload) -> str:
    """A short sentence saying what the event means for the post."""
    describe = _SUMMARIES.get(event_type)
    return describe(payload) if describe else event_type
