"""Payroll's and the ledger's files, from events alone: periods, the establishment changes a
move, a rescind, a line change and an ending make, the fixed-width layout, and journals that
balance."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from services.finance.domain.journal import balanced, journals
from services.finance.domain.journal_file import journal_csv
from services.hr.domain.payroll import establishment_changes
from services.hr.domain.payroll_files import RECORD_WIDTH, payroll_csv, payroll_fixed
from shared.export_periods import Period, PeriodRefused, period_of

APRIL = period_of("2027-04")


def event(post: str, sequence: int, kind: str, on: str, **payload: Any) -> dict[str, Any]:
    return {"event_id": f"e-{post}-{sequence}", "aggregate_id": post, "sequence": sequence,
            "event_type": kind, "occurred_at": f"{on}T09:00:00+00:00", "effective_date": None,
            "payload": {"post_number": post, **payload}}  # fmt: skip


def registered(post: str, on: str = "2026-01-05", **changes: Any) -> dict[str, Any]:
    facts = {"title": "Payroll Officer", "function": "FIN", "cost_centre": "CS-FIN-01",
             "fte": 0.8, "reports_to": "100", **changes}  # fmt: skip
    return event(post, 1, "PostRegistered", on, **facts)


def test_a_pay_period_is_its_calendar_month_and_a_range_is_its_days() -> None:
    assert period_of("2027-02") == Period(date(2027, 2, 1), date(2027, 2, 28))
    assert period_of(None, date(2027, 4, 6), date(2027, 5, 5)).name == "2027-04-06_2027-05-05"


@pytest.mark.parametrize(
    ("month", "start", "end", "reason"),
    [
        ("2027-4", None, None, "'2027-4' is not a pay period: write it as YYYY-MM"),
        ("2027-13", None, None, "'2027-13' is not a pay period"),
        ("2027-04", date(2027, 4, 1), None, "a pay period (e.g. 2027-04) or a date range, not"),
        (None, date(2027, 4, 1), None, "or both a from and a to date"),
        (None, date(2027, 4, 2), date(2027, 4, 1), "the range ends (2027-04-01) before it starts"),
        (None, date(2020, 1, 1), date(2027, 1, 1), "a date range may cover at most two years"),
    ],
)
def test_a_period_that_is_not_one_is_refused_with_the_reason(
    month: str | None, start: date | None, end: date | None, reason: str
) -> None:
    with pytest.raises(PeriodRefused) as refused:
        period_of(month, start, end)
    assert reason in str(refused.value)


def test_payroll_gets_each_change_from_its_effective_date_and_nothing_outside_the_period() -> None:
    log = [
        registered("20001"),
        event("20001", 2, "TransferEffective", "2027-04-01", effective_date="2027-04-01",
              cost_centre="CS-FIN-01", fte=0.8, reports_to="900", previous_reports_to="100"),
        event("20001", 3, "ReportingLineChanged", "2027-04-20", reports_to="901"),
        event("20001", 4, "PostUpdated", "2027-05-02", fte=1.0),  # May: not April's
        registered("20002", reports_to=None),
        event("20002", 2, "PostUpdated", "2027-04-03", cost_centre="CS-FIN-02", reason="x"),
        event("20002", 3, "PostUpdated", "2027-04-04", title="Senior Payroll Officer"),
        event("20002", 4, "PostDisestablished", "2027-04-05", effective_date="2027-04-30",
              fte=0.8, cost_centre="CS-FIN-02", candidate_id="C-1", team="FIN",
              function="FIN", department="CS", annual_cost=1),
    ]  # fmt: skip
    rows = establishment_changes(reversed(log), APRIL)  # any order in: one order out
    assert [(r.post_number, r.change, r.old_cost_centre, r.new_cost_centre, r.old_reports_to,
             r.new_reports_to, r.effective_date.isoformat(), r.fte) for r in rows] == [
        ("20001", "moved", "CS-FIN-01", "CEN-FIN-01", "100", "900", "2027-04-01", 0.8),
        ("20002", "cost centre", "CS-FIN-01", "CS-FIN-02", "", "", "2027-04-03", 0.8),
        ("20001", "reporting line", "CEN-FIN-01", "CEN-FIN-01", "900", "901", "2027-04-20", 0.8),
        ("20002", "post ended", "CS-FIN-02", "", "", "", "2027-04-30", 0.8),
    ]  # fmt: skip
    assert rows[-1].title == "Senior Payroll Officer"


def test_a_rescinded_move_goes_back_to_the_departments_own_cost_centre() -> None:
    log = [
        registered("20003"),
        event("20003", 2, "TransferEffective", "2027-04-01", effective_date="2027-04-01",
              cost_centre="CS-FIN-01", fte=0.8, reports_to="900"),
        event("20003", 3, "TransferRescinded", "2027-04-09", effective_date="2027-04-01",
              reports_to="100", from_department="CS", target_team="FIN", reason="x",
              decided_by="Director of HR"),
    ]  # fmt: skip
    back = establishment_changes(log, APRIL)[-1]
    assert (back.change, back.old_cost_centre, back.new_cost_centre, back.new_reports_to) == (
        "move rescinded", "CEN-FIN-01", "CS-FIN-01", "100"
    )  # fmt: skip


def test_the_fixed_layout_has_a_header_a_record_per_change_and_a_trailer_all_one_width() -> None:
    long_title = "Payroll Offícer " + "x" * 60
    line = event("20004", 2, "ReportingLineChanged", "2027-04-02", reports_to="901")
    rows = establishment_changes([registered("20004", title=long_title), line], APRIL)
    records = payroll_fixed(rows, APRIL.name).split("\r\n")
    assert records[-1] == ""  # every record ends with CRLF
    header, detail, trailer = records[:-1]
    assert {len(header), len(detail), len(trailer)} == {RECORD_WIDTH}
    assert header.startswith("HDONECOUNCIL ESTABLISHMENT 2027-04-01_2027-04-30")
    assert detail[:40] == "DT20004     reporting line  CS-FIN-01   "
    assert detail[52:87] == "100       901       202704020000.80"  # lines, date, FTE
    assert "Payroll Off?cer" in detail  # plain ASCII: payroll imports read by position
    assert trailer.startswith("TR00000001")


def test_an_empty_period_is_a_valid_file_with_no_changes() -> None:
    assert payroll_csv([]).splitlines() == [
        "post_number,title,change,old_cost_centre,new_cost_centre,old_reports_to,"
        "new_reports_to,effective_date,fte"
    ]
    assert payroll_fixed([], "x").split("\r\n")[1].startswith("TR00000000")
    assert journal_csv([]).splitlines()[-1] == "TOTAL,,,,,0,0,,"


def budget(kind: str, on: str, **payload: Any) -> dict[str, Any]:
    document = event("20001", 1, kind, on, transfer_id="T-1", **payload)
    return {**document, "event_id": f"{kind}-{on}"}


def test_each_budget_journal_balances_and_the_file_totals_agree() -> None:
    log = [
        budget("BudgetMoved", "2027-03-30", from_cost_centre="CS-FIN-01",
               to_cost_centre="CEN-FIN-01", effective_date="2027-04-01", financial_year="2027/28",
               full_year_amount=36_500, amount_this_year=36_500),
        budget("BudgetMoveReversed", "2027-04-09", from_cost_centre="CEN-FIN-01",
               to_cost_centre="CS-FIN-01", effective_date="2027-04-01", financial_year="2027/28",
               full_year_amount=36_500, amount_this_year=36_500),
        budget("BudgetReleased", "2027-04-12", cost_centre="CS-FIN-01", amount=20_000,
               reason="transfer cancelled"),
        {**event("FIN", 1, "CentralBudgetReduced", "2027-04-15", cost_centre="CEN-FIN-01",
                 amount=5_000, candidate_id="C-9", team="FIN", financial_year="2027/28"),
         "event_id": "reduced"},
        budget("BudgetMoved", "2027-03-30", from_cost_centre="CS-FIN-01",
               to_cost_centre="CEN-FIN-01", effective_date="2028-03-31", financial_year="2027/28",
               full_year_amount=36_500, amount_this_year=0),  # nothing moves this year
        budget("BudgetReserved", "2027-04-02", cost_centre="CS-FIN-01", amount=1),  # no journal
    ]  # fmt: skip
    lines = journals(log, APRIL)
    assert balanced(lines)
    assert [(x.kind, x.account, x.debit, x.credit) for x in lines] == [
        ("budget moved", "CEN-FIN-01", 36_500, 0), ("budget moved", "CS-FIN-01", 0, 36_500),
        ("budget moved back", "CS-FIN-01", 36_500, 0),
        ("budget moved back", "CEN-FIN-01", 0, 36_500),
        ("budget released", "CS-FIN-01", 20_000, 0), ("budget released", "COMMITMENTS", 0, 20_000),
        ("budget reduced", "CORPORATE-SAVINGS", 5_000, 0),
        ("budget reduced", "CEN-FIN-01", 0, 5_000),
    ]  # fmt: skip
    assert lines[-1].reference == "team FIN candidate C-9"
    assert journal_csv(lines).splitlines()[-1] == "TOTAL,,,,,98000,98000,,"
