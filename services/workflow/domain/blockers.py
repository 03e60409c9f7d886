"""What is holding a post's transfer up today, in words a programme board understands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.workflow.domain.journey import LIVE_STAGES, Journey, JourneyStage


@dataclass(frozen=True, slots=True)
class Blocker:
    """One reason a transfer cannot move on; `code` is for machines, `detail` for people."""

    code: str
    detail: str
    since: date | None = None


def blockers_of(journey: Journey, today: date) -> list[Blocker]:
    """Every blocker on the post's current transfer as of `today` (none once it is over)."""
    if journey.stage not in LIVE_STAGES:
        return []
    found: list[Blocker] = []
    if journey.budget_check == "failed":
        found.append(
            Blocker("budget_check_failed", f"budget check failed: {journey.budget_failure_reason}")
        )
    closes_by = journey.consultation_closes_by
    if journey.stage == JourneyStage.IN_CONSULTATION and closes_by and today > closes_by:
        days = (today - closes_by).days
        found.append(
            Blocker(
                "consultation_overdue",
                f"consultation should have closed by {closes_by} ({days} days overdue)",
                closes_by,
            )
        )
    if journey.stage == JourneyStage.CONSULTATION_CLOSED and journey.budget_check is None:
        found.append(
            Blocker(
                "approval_waiting_on_budget_check",
                "approval is waiting for Finance's budget check",
                journey.stage_since,
            )
        )
    due = journey.effective_date
    if journey.stage == JourneyStage.APPROVED and due and today > due:
        found.append(
            Blocker(
                "not_effective_after_effective_date",
                f"approved but not yet effective; it was due on {due}",
                due,
            )
        )
    return found
