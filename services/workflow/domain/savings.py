"""A centralised team's savings position for a financial year.

Realised = Finance's `SavingsRealised` amounts for the year + the realised money of
candidates delivered in the year that no `SavingsRealised` names. When Finance names a
candidate, Finance's figure is the booked one and the candidate's own is not added again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from shared.programme.savings import financial_year_of as financial_year_of  # re-export


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


@dataclass(frozen=True, slots=True, kw_only=True)
class SavingsPosition:
    """Target, estimated, realised and gap for one team and year (pounds a year)."""

    team: str
    financial_year: str
    target: int
    estimated: int
    realised: int
    gap: int  # target − realised; negative when the team is ahead of its target


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
    estimated = 0.0
    for candidate in candidates:
        if candidate.committed:
            estimated += candidate.estimated_money
        delivered_this_year = (
            candidate.delivered_on is not None
            and financial_year_of(candidate.delivered_on) == financial_year
        )
        if delivered_this_year and candidate.candidate_id not in named:
            realised += candidate.realised_money or 0
    return SavingsPosition(
        team=team,
        financial_year=financial_year,
        target=target,
        estimated=round(estimated),
        realised=realised,
        gap=target - realised,
    )
