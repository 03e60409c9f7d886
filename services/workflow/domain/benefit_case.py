"""A candidate's benefit case: the cost–benefit arithmetic of the benefits register.

Cashable money is budget that can be taken out; hours freed are non-cashable time. Over the
years of the expected profile (financial years, April to March):

  net benefit = Σ cashable money − one-off delivery cost − running cost × years profiled
  payback     = years until Σ (cashable money − running cost) first covers the one-off
                cost, counting a part year pro rata within the year it is crossed
                (to the hundredth of a year, rounded up);
                none when the profile never covers it.

See docs/benefits.md for the method and a worked example.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class BenefitYear:
    """What a candidate is expected to give in one financial year."""

    financial_year: str  # e.g. "2026/27"
    cashable_money: int  # pounds a year the budget can be reduced by
    hours_freed: float  # non-cashable: staff time given back


@dataclass(frozen=True, slots=True, kw_only=True)
class CostBenefit:
    """The figures the register shows for one candidate."""

    cashable_total: int
    hours_freed_total: float
    delivery_cost: int
    running_cost_total: int
    net_benefit: int
    payback_years: float | None


def start_year(financial_year: str) -> int:
    """The calendar year a financial year starts in: '2026/27' → 2026."""
    return int(financial_year[:4])


def cost_benefit(
    profile: Sequence[BenefitYear], one_off_cost: int, running_cost_per_year: int
) -> CostBenefit:
    """Net benefit and payback of a profile against its costs (profile in any order)."""
    years = sorted(profile, key=lambda year: start_year(year.financial_year))
    cashable = sum(year.cashable_money for year in years)
    running = running_cost_per_year * len(years)
    return CostBenefit(
        cashable_total=cashable,
        hours_freed_total=round(sum(year.hours_freed for year in years), 1),
        delivery_cost=one_off_cost,
        running_cost_total=running,
        net_benefit=cashable - one_off_cost - running,
        payback_years=payback_years(years, one_off_cost, running_cost_per_year),
    )


def payback_years(
    years: Sequence[BenefitYear], one_off_cost: int, running_cost_per_year: int
) -> float | None:
    """Years until the net yearly benefit covers the one-off cost (0 when nothing to repay)."""
    if one_off_cost <= 0:
        return 0.0
    covered = 0
    for elapsed, year in enumerate(years):
        net = year.cashable_money - running_cost_per_year
        if net > 0 and covered + net >= one_off_cost:
            # Hundredths of a year, rounded up: payback is never shown sooner than it is.
            hundredths = -(-100 * (one_off_cost - covered) // net)
            return elapsed + hundredths / 100
        covered += net
    return None
