"""Redesign benefits and priority, by the method in domain.md.

hours as-is = volume × minutes ÷ 60 × (1 + rework %); FTE = hours ÷ (working days × hours
a day); cost as-is = FTE × average grade cost; hours saved = potential % × hours as-is;
money saved = potential % × cost as-is. Priority score = money saved a year in £k × ease ÷ 5.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WorkingTime:
    """A full-time year: working days × hours a day (from settings)."""

    days_per_year: float = 220
    hours_per_day: float = 7.4

    @property
    def hours_per_fte(self) -> float:
        return self.days_per_year * self.hours_per_day


@dataclass(frozen=True, slots=True, kw_only=True)
class ProcessEffort:
    """What a process costs today: cases a year, minutes a case, rework and who does it."""

    volume_per_year: int
    minutes_per_case: float
    rework_percent: float
    average_grade_cost: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Benefit:
    """A process's yearly effort as-is and what a candidate would save of it."""

    hours_as_is: float
    fte_as_is: float
    cost_as_is: float
    hours_saved: float
    money_saved: float


def estimate_benefit(
    effort: ProcessEffort, potential_percent: float, working: WorkingTime
) -> Benefit:
    """Yearly hours and money a candidate with this automation potential would save."""
    hours = (
        effort.volume_per_year * effort.minutes_per_case / 60 * (1 + effort.rework_percent / 100)
    )
    fte = hours / working.hours_per_fte
    cost = fte * effort.average_grade_cost
    share = potential_percent / 100
    return Benefit(
        hours_as_is=round(hours, 1),
        fte_as_is=round(fte, 2),
        cost_as_is=round(cost),
        hours_saved=round(share * hours, 1),
        money_saved=round(share * cost),
    )


def priority_score(money_saved_per_year: float, ease: int) -> float:
    """Benefit against ease: money saved a year in £k × ease weight (ease 1–5 → 0.2–1.0)."""
    if not 1 <= ease <= 5:
        raise ValueError(f"ease must be 1 to 5, not {ease}")
    return round(money_saved_per_year / 1000 * ease / 5, 2)
