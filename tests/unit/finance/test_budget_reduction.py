"""A saving is given up from a central line once, never past what the line has left."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.finance.domain.budget import BudgetLine
from services.finance.domain.errors import InvalidRequest, NotAllowed
from services.finance.domain.reduction import check_reduction

LINE = BudgetLine(cost_centre="CEN-FIN-01", function="FIN", annual_budget=50_000, moved_in=30_000,
                  reserved=10_000)  # fmt: skip


def test_a_reduction_past_what_the_line_has_left_is_refused_with_the_figures() -> None:
    check_reduction(LINE, "CEN-FIN-01", 20_000, 50_000, "C-FIN-1")
    with pytest.raises(NotAllowed, match="has £50,000 left to give up as savings; it cannot be"):
        check_reduction(LINE, "CEN-FIN-01", 20_000, 50_001, "C-FIN-1")


def test_a_reduction_must_name_its_candidate_and_a_missing_line_has_nothing_to_give() -> None:
    with pytest.raises(InvalidRequest, match="must name the redesign candidate"):
        check_reduction(LINE, "CEN-FIN-01", 0, 1, None)
    with pytest.raises(NotAllowed, match="has £0 left"):
        check_reduction(None, "CEN-FIN-01", 0, 1, "C-FIN-1")


@given(st.lists(st.integers(1, 40_000), max_size=12))
def test_no_sequence_of_savings_gives_up_more_than_the_line_held(amounts: list[int]) -> None:
    reduced = 0
    for amount in amounts:
        try:
            check_reduction(LINE, "CEN-FIN-01", reduced, amount, "C-FIN-1")
        except NotAllowed:
            continue
        reduced += amount
    assert reduced <= LINE.current - LINE.reserved
