"""Savings positions for a financial year, with one set of definitions everywhere.

- **identified**: the estimated money a year of every live candidate (not rejected): the
  whole pipeline, approved or not.
- **approved**: the estimated money a year of candidates approved, in delivery or delivered
  (`estimated` is the same figure, kept for older readers).
- **realised**: Finance's `SavingsRealised` amounts for the year, plus, for candidates no
  `SavingsRealised` names, what the benefits register measured in the year or, where
  nothing was measured, the realised money of candidates delivered in the year. When
  Finance names a candidate, Finance's figure is the booked one: the candidate's own is
  not added again.
- **gap** = target − realised (negative when ahead of target).
- **budget reduced**: what Finance gave up from central teams' budget lines for the year
  (`CentralBudgetReduced`), each naming the candidate whose saving it is.

By department of origin, a candidate's figures are shared equally between the departments
it touches (its posts' and processes' departments, as recorded); a candidate touching none,
and Finance's savings that name no candidate, are "unattributed".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from shared.programme.savings import financial_year_of as financial_year_of  # re-export

UNATTRIBUTED = "UNATTRIBUTED"


@dataclass(frozen=True, slots=True)
class RealisedRecord:
    """A `SavingsRealised` Finance recorded."""

    financial_year: str
    amount: int
    candidate_id: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class CandidateSaving:
    """A candidate's estimate and, once delivered, what it realised and when."""

    candidate_id: str
    committed: bool  # approved or later
    estimated_money: float
    realised_money: int | None
    delivered_on: date | None
    live: bool = True  # not rejected
    departments: tuple[str, ...] = ()
    measured: Mapping[str, int] = field(default_factory=dict)  # financial year → £ measured


@dataclass(frozen=True, slots=True, kw_only=True)
class SavingsPosition:
    """Target, identified, approved, realised and gap for one team and year (pounds a year)."""

    team: str
    financial_year: str
    target: int
    estimated: int  # = approved
    realised: int
    gap: int  # target − realised; negative when the team is ahead of its target
    identified: int = 0
    approved: int = 0
    budget_reduced: int = 0  # given up from the central team's budget line in the year
    fte_released: float = 0.0  # by delivered candidates in the year (posts ended included)


def realised_by_candidate(candidate: CandidateSaving, financial_year: str) -> int:
    """What the candidate itself realised in the year (measured, else delivered)."""
    if candidate.measured:
        return candidate.measured.get(financial_year, 0)
    delivered_this_year = (
        candidate.delivered_on is not None
        and financial_year_of(candidate.delivered_on) == financial_year
    )
    return (candidate.realised_money or 0) if delivered_this_year else 0


def savings_position(
    team: str,
    financial_year: str,
    target: int,
    realised_records: Iterable[RealisedRecord],
    candidates: Iterable[CandidateSaving],
) -> SavingsPosition:
    """Add up one team's savings for the year without counting any saving twice."""
    records = list(realised_records)
    named = {record.candidate_id for record in records if record.candidate_id}
    realised = sum(record.amount for record in records if record.financial_year == financial_year)
    identified = approved = 0.0
    for candidate in candidates:
        identified += candidate.estimated_money if candidate.live else 0
        approved += candidate.estimated_money if candidate.committed else 0
        if candidate.candidate_id not in named:
            realised += realised_by_candidate(candidate, financial_year)
    return SavingsPosition(
        team=team,
        financial_year=financial_year,
        target=target,
        estimated=round(approved),
        realised=realised,
        gap=target - realised,
        identified=round(identified),
        approved=round(approved),
    )


def by_department_of_origin(
    financial_year: str,
    targets: Mapping[str, int],
    realised_records: Iterable[RealisedRecord],
    candidates: Iterable[CandidateSaving],
) -> dict[str, SavingsPosition]:
    """Each department's share of identified, approved and realised savings, and its gap."""
    listed = list(candidates)
    origin = {c.candidate_id: c.departments or (UNATTRIBUTED,) for c in listed}
    sums: dict[str, list[float]] = {}  # department → [identified, approved, realised]

    def add(departments: tuple[str, ...], index: int, amount: float) -> None:
        for department in departments:
            sums.setdefault(department, [0.0, 0.0, 0.0])[index] += amount / len(departments)

    named: set[str] = set()
    for record in realised_records:
        if record.candidate_id:
            named.add(record.candidate_id)
        if record.financial_year == financial_year:
            add(origin.get(record.candidate_id or "", (UNATTRIBUTED,)), 2, record.amount)
    for c in listed:
        add(origin[c.candidate_id], 0, c.estimated_money if c.live else 0)
        add(origin[c.candidate_id], 1, c.estimated_money if c.committed else 0)
        if c.candidate_id not in named:
            add(origin[c.candidate_id], 2, realised_by_candidate(c, financial_year))
    for department in targets:
        sums.setdefault(department, [0.0, 0.0, 0.0])
    return {
        department: SavingsPosition(
            team=department,
            financial_year=financial_year,
            target=targets.get(department, 0),
            estimated=round(approved),
            realised=round(realised),
            gap=targets.get(department, 0) - round(realised),
            identified=round(identified),
            approved=round(approved),
        )
        for department, (identified, approved, realised) in sorted(sums.items())
    }
