"""When a transfer has stayed too long in one stage: the rules behind `TransferStalled`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.workflow.domain.journey import Journey, JourneyStage


@dataclass(frozen=True, slots=True)
class StallLimits:
    """Days a transfer may stay in a stage before it counts as stalled (from settings)."""

    proposed_days: int = 60
    consultation_days: int = 30
    approved_overdue_days: int = 7


@dataclass(frozen=True, slots=True, kw_only=True)
class Stall:
    """A transfer stuck in `stage` since `since`, for `days`, over a limit of `limit_days`."""

    post_number: str
    transfer_id: str
    department: str | None
    stage: str
    since: date
    days: int
    limit_days: int

    @property
    def milestone_key(self) -> str:
        """Each transfer is reported stalled at most once per stage."""
        return f"TransferStalled:{self.transfer_id}:{self.stage}"


def stall_of(journey: Journey, today: date, limits: StallLimits) -> Stall | None:
    """The stall the journey is in as of `today`, or None."""
    start_and_limit: tuple[date | None, int] | None = None
    if journey.stage == JourneyStage.PROPOSED:
        start_and_limit = (journey.stage_since, limits.proposed_days)
    elif journey.stage == JourneyStage.IN_CONSULTATION:
        start_and_limit = (journey.consultation_opened_on, limits.consultation_days)
    elif journey.stage == JourneyStage.APPROVED:
        # The clock starts at the effective date: approval well ahead of it is normal.
        start_and_limit = (journey.effective_date, limits.approved_overdue_days)
    if start_and_limit is None or journey.transfer_id is None:
        return None
    since, limit = start_and_limit
    if since is None or (today - since).days <= limit:
        return None
    return Stall(
        post_number=journey.post_number,
        transfer_id=journey.transfer_id,
        department=journey.department,
        stage=journey.stage,
        since=since,
        days=(today - since).days,
        limit_days=limit,
    )
