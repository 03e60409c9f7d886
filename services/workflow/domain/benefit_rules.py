"""The benefits register's rules: what a benefit entry must say, and no double counting.

A benefit is owned by a role or post (never a person: the register outlives postholders);
its profile starts no earlier than its baseline's financial year; costs are never negative;
realised savings are measured only once the candidate is delivered; and the same post or
the same hours of a process cannot be claimed by two candidates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from services.workflow.domain.benefit_case import BenefitYear, start_year
from services.workflow.domain.savings import financial_year_of

HEALTH = ("on_track", "on_hold", "at_risk", "delayed")


class BenefitRefused(Exception):
    """The benefit entry, health or measurement says something impossible (HTTP 422)."""


class BenefitConflict(BenefitRefused):
    """It conflicts with the register or the candidate as they stand (HTTP 409)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """What another live candidate's benefit entry already claims."""

    candidate_id: str
    process_id: str
    post_numbers: tuple[str, ...]
    hours_freed_per_year: float  # the most in any year of its profile


def check_entry(
    *,
    owner_role: str,
    baseline_date: date,
    profile: Sequence[BenefitYear],
    one_off_cost: int,
    running_cost_per_year: int,
) -> None:
    """Refuse an entry that says something impossible, with the reason."""
    if "@" in owner_role or not owner_role.strip():
        raise BenefitRefused("the benefit owner must be a role or post, not a person or email")
    if one_off_cost < 0 or running_cost_per_year < 0:
        raise BenefitRefused("delivery and running costs cannot be negative")
    baseline_year = financial_year_of(baseline_date)
    seen: set[str] = set()
    for year in profile:
        if start_year(year.financial_year) < start_year(baseline_year):
            raise BenefitRefused(
                f"the profile has {year.financial_year}, before the baseline's year "
                f"{baseline_year} ({baseline_date.isoformat()})"
            )
        if year.cashable_money < 0 or year.hours_freed < 0:
            raise BenefitRefused(f"the benefit for {year.financial_year} cannot be negative")
        if year.financial_year in seen:
            raise BenefitRefused(f"{year.financial_year} appears twice in the profile")
        seen.add(year.financial_year)


def check_not_double_counted(
    candidate_id: str,
    process_id: str,
    post_numbers: Iterable[str],
    hours_freed_per_year: float,
    process_hours_as_is: float | None,
    others: Iterable[Claim],
) -> None:
    """Refuse posts another candidate claims, or hours beyond what the process takes."""
    mine = set(post_numbers)
    claimed_hours = 0.0
    claimants: list[str] = []
    for other in others:
        if other.candidate_id == candidate_id:
            continue
        shared = sorted(mine & set(other.post_numbers))
        if shared:
            raise BenefitConflict(
                f"post {', '.join(shared)} is already claimed by candidate {other.candidate_id}"
            )
        if other.process_id == process_id and other.hours_freed_per_year > 0:
            claimed_hours += other.hours_freed_per_year
            claimants.append(other.candidate_id)
    if process_hours_as_is is None or hours_freed_per_year <= 0:
        return
    if claimed_hours + hours_freed_per_year > process_hours_as_is + 0.05:
        by = f"; candidate {', '.join(claimants)} already claims {claimed_hours:,.0f}"
        raise BenefitConflict(
            f"{hours_freed_per_year:,.0f} hours a year would count more hours than process "
            f"{process_id} takes ({process_hours_as_is:,.0f} a year)" + (by if claimants else "")
        )


def check_measurable(candidate_id: str, status: str) -> None:
    """Realised savings are measured only on a delivered candidate."""
    if status != "delivered":
        raise BenefitConflict(
            f"candidate {candidate_id} is {status.replace('_', ' ')}; realised savings are "
            "recorded only once it is delivered"
        )
