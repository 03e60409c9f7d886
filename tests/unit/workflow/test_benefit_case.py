"""The benefits register's arithmetic (docs/benefits.md): net benefit, payback, refusals."""

from __future__ import annotations

import math
from datetime import date
from itertools import accumulate

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.workflow.domain.benefit_case import BenefitYear, cost_benefit
from services.workflow.domain.benefit_rules import (
    BenefitRefused,
    Claim,
    check_entry,
    check_measurable,
    check_not_double_counted,
)


def _years(*cashable: int, hours: float = 0) -> list[BenefitYear]:
    return [
        BenefitYear(financial_year=f"{2026 + n}/{27 + n}", cashable_money=money, hours_freed=hours)
        for n, money in enumerate(cashable)
    ]


def test_the_worked_example_of_the_docs_nets_and_pays_back_as_documented() -> None:
    case = cost_benefit(_years(20_000, 60_000, 60_000, hours=1_500), 50_000, 10_000)
    assert case.cashable_total == 140_000 and case.hours_freed_total == 4_500
    assert case.net_benefit == 140_000 - 50_000 - 30_000
    # year 1 nets 10,000; year 2 nets 50,000 and needs 40,000 of it: 1 + 0.8 years
    assert case.payback_years == 1.8


def test_a_profile_that_never_covers_its_delivery_cost_never_pays_back() -> None:
    case = cost_benefit(_years(5_000, 5_000), 100_000, 6_000)
    assert case.payback_years is None and case.net_benefit == -102_000


def test_a_candidate_with_no_delivery_cost_pays_back_at_once() -> None:
    assert cost_benefit(_years(1_000), 0, 0).payback_years == 0.0


money = st.integers(min_value=0, max_value=2_000_000)


@given(st.lists(money, min_size=1, max_size=8), money, st.integers(0, 300_000))
def test_net_benefit_and_payback_agree_with_the_yearly_sums(
    cashable: list[int], one_off: int, running: int
) -> None:
    case = cost_benefit(_years(*cashable), one_off, running)
    assert case.net_benefit == sum(cashable) - one_off - running * len(cashable)
    covered = list(accumulate(money - running for money in cashable))
    if one_off == 0:
        assert case.payback_years == 0.0
    elif case.payback_years is None:
        assert all(total < one_off for total in covered)
    else:
        whole = math.ceil(case.payback_years - 1e-9)
        assert 0 < case.payback_years <= len(cashable)
        assert covered[whole - 1] >= one_off
        assert all(total < one_off for total in covered[: whole - 1])


def _entry(**changes: object) -> dict[str, object]:
    return {
        "owner_role": "Head of Central HR",
        "baseline_date": date(2026, 5, 1),
        "profile": _years(10_000),
        "one_off_cost": 5_000,
        "running_cost_per_year": 1_000,
    } | changes


def test_a_profile_year_before_the_baseline_year_is_refused_naming_both() -> None:
    with pytest.raises(BenefitRefused, match=r"has 2025/26, before the baseline's year 2026/27"):
        check_entry(**_entry(profile=[BenefitYear(financial_year="2025/26",
                                                  cashable_money=1, hours_freed=0)]))  # type: ignore[arg-type]  # fmt: skip


def test_negative_costs_and_a_person_as_owner_are_refused() -> None:
    with pytest.raises(BenefitRefused, match="costs cannot be negative"):
        check_entry(**_entry(one_off_cost=-1))  # type: ignore[arg-type]
    with pytest.raises(BenefitRefused, match="must be a role or post"):
        check_entry(**_entry(owner_role="jo.bloggs@council.example"))  # type: ignore[arg-type]
    check_entry(**_entry())  # type: ignore[arg-type]


def test_a_post_claimed_by_another_candidate_is_refused_naming_that_candidate() -> None:
    other = Claim(candidate_id="CAN-A", process_id="P1", post_numbers=("10423",),
                  hours_freed_per_year=0)  # fmt: skip
    with pytest.raises(BenefitRefused, match="post 10423 is already claimed by candidate CAN-A"):
        check_not_double_counted("CAN-B", "P2", ["10423", "10424"], 0, None, [other])


def test_hours_beyond_what_the_process_takes_are_refused_naming_who_claims_the_rest() -> None:
    other = Claim(candidate_id="CAN-A", process_id="P1", post_numbers=(), hours_freed_per_year=600)
    check_not_double_counted("CAN-B", "P1", [], 400, 1_000, [other])
    with pytest.raises(BenefitRefused, match="candidate CAN-A already claims 600"):
        check_not_double_counted("CAN-B", "P1", [], 401, 1_000, [other])


def test_realised_savings_are_refused_on_a_candidate_not_yet_delivered() -> None:
    with pytest.raises(BenefitRefused, match="CAN-1 is in delivery; realised savings"):
        check_measurable("CAN-1", "in_delivery")
    check_measurable("CAN-1", "delivered")
