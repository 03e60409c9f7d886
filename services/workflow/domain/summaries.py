"""One line per event for a post's timeline, in the council's words."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from shared.events import finance, hr
from shared.events.base import EventPayload

Payload = Mapping[str, Any]

# Every event on the tracker's topics (`hr.posts`, `finance.budgets`): a test holds it to that.
SUMMARIES: dict[type[EventPayload], Callable[[Payload], str]] = {
    hr.PostRegistered: lambda p: (
        f"{p['title']} ({p['grade']}, {p['fte']} FTE) registered in {p['department']}"
    ),
    hr.PostUpdated: lambda p: (
        "post details corrected"
        if p.get("corrects_event_id")
        else f"post details changed{': ' + p['reason'] if p.get('reason') else ''}"
    ),
    hr.TransferProposed: lambda p: (
        f"transfer to {p['target_team']} proposed, effective {p['effective_date']}"
    ),
    hr.EffectiveDateChanged: lambda p: (
        f"effective date moved from {p['previous_effective_date']} to {p['effective_date']}"
    ),
    hr.ConsultationOpened: lambda p: (
        f"consultation opened on {p['opened_on']}, closes by {p['closes_by']}"
    ),
    hr.ConsultationClosed: lambda p: (
        f"consultation closed on {p['closed_on']}: {p['outcome'].replace('_', ' ')}"
    ),
    hr.TransferApproved: lambda p: (
        f"transfer to {p['target_team']} approved, effective {p['effective_date']}"
    ),
    hr.TransferRejected: lambda p: f"transfer rejected: {p['reason']}",
    hr.TransferEffective: lambda p: f"post now in {p['target_team']} from {p['effective_date']}",
    hr.TransferCancelled: lambda p: f"transfer cancelled while {p['stage']}: {p['reason']}",
    finance.BudgetCheckPassed: lambda p: (
        f"budget check passed on {p['cost_centre']} (£{p['headroom']:,} headroom left)"
    ),
    finance.BudgetCheckFailed: lambda p: (
        f"budget check failed on {p['cost_centre']}: {p['reason']}"
    ),
    finance.BudgetReserved: lambda p: f"£{p['amount']:,} reserved on {p['cost_centre']}",
    finance.BudgetMoved: lambda p: (
        f"£{p['full_year_amount']:,} a year moved from "
        f"{p['from_cost_centre']} to {p['to_cost_centre']}"
    ),
    finance.BudgetReleased: lambda p: (
        f"£{p['amount']:,} released on {p['cost_centre']}: {p['reason']}"
    ),
}


def summary_of(kind: type[EventPayload], payload: Payload) -> str:
    """A short sentence saying what the event means for the post."""
    describe = SUMMARIES.get(kind)
    return describe(payload) if describe else kind.EVENT_TYPE
