"""The budget check: frozen cost centre, missing line, cost above the line, or funded."""

from __future__ import annotations

from services.finance.domain.budget import BudgetLine, CostCentre, check_budget, pounds

CENTRE = CostCentre(code="CS-FIN-01", name="CS Finance", owner="CS", function="FIN")
LINE = BudgetLine(cost_centre="CS-FIN-01", function="FIN", annual_budget=100_000)


def test_a_post_that_fits_on_its_line_passes_with_the_headroom_left() -> None:
    check = check_budget("10423", "FIN", 41_000, "CS-FIN-01", CENTRE, LINE, 50_000)
    assert check.passed
    assert check.headroom == 9_000


def test_a_post_costing_exactly_what_is_left_passes_with_no_headroom() -> None:
    check = check_budget("10423", "FIN", 50_000, "CS-FIN-01", CENTRE, LINE, 50_000)
    assert check.passed and check.headroom == 0


def test_a_frozen_cost_centre_fails_and_says_so() -> None:
    frozen = CostCentre(
        code="CS-FIN-01", name="CS Finance", owner="CS", function="FIN", frozen=True
    )
    check = check_budget("10423", "FIN", 1, "CS-FIN-01", frozen, LINE, 0)
    assert check.reason_code == "cost_centre_frozen"
    assert check.reason == "cost centre CS-FIN-01 is frozen"


def test_an_unknown_cost_centre_has_no_budget_line() -> None:
    check = check_budget("10423", "FIN", 1, "XX-FIN-01", None, None, 0)
    assert check.reason_code == "no_budget_line"
    assert "cost centre XX-FIN-01 is not known to Finance" in check.reason


def test_a_cost_centre_without_a_line_for_the_function_fails() -> None:
    check = check_budget("10423", "FIN", 1, "CS-FIN-01", CENTRE, None, 0)
    assert check.reason == "cost centre CS-FIN-01 has no budget line for function FIN"


def test_a_post_costing_more_than_the_line_has_left_fails_with_the_shortfall() -> None:
    check = check_budget("10423", "FIN", 41_000, "CS-FIN-01", CENTRE, LINE, 70_000)
    assert check.reason_code == "cost_above_line"
    assert check.reason == (
        "post 10423 costs £41,000 a year, £11,000 more than budget line CS-FIN-01 (FIN) "
        "has left after its other posts (£30,000)"
    )


def test_frozen_is_reported_before_a_shortfall() -> None:
    frozen = CostCentre(
        code="CS-FIN-01", name="CS Finance", owner="CS", function="FIN", frozen=True
    )
    check = check_budget("10423", "FIN", 999_999, "CS-FIN-01", frozen, LINE, 0)
    assert check.reason_code == "cost_centre_frozen"


def test_money_reads_as_an_officer_writes_it() -> None:
    assert pounds(41_000) == "£41,000"
    assert pounds(-5_000) == "-£5,000"


def test_a_reservation_release_and_move_keep_the_line_arithmetic() -> None:
    line = BudgetLine(cost_centre="CS-FIN-01", function="FIN", annual_budget=100_000)
    line.reserve(40_000)
    assert (line.current, line.available, line.reserved) == (100_000, 60_000, 40_000)
    line.move_out(40_000, reserved=40_000)
    assert (line.current, line.available, line.reserved) == (60_000, 60_000, 0)
    line.reserve(10_000)
    line.release(10_000)
    assert (line.current, line.available, line.reserved) == (60_000, 60_000, 0)
