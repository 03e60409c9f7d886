"""HR and finance staff download payroll and ledger files in the console; leads cannot."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.unit.console.fakes import FakeApis, console, signed_in

CSV = "post_number,title,change\r\n"
DISPOSITION = 'attachment; filename="payroll_2027-04-01_2027-04-30.csv"'


def _apis() -> FakeApis:
    fakes = FakeApis()
    answer = httpx.Response(
        200, text=CSV, headers={"content-type": "text/csv", "content-disposition": DISPOSITION}
    )
    fakes.routes.insert(0, ("GET", "/exports/payroll", lambda _request: answer))
    return fakes


def test_hr_staff_download_a_pay_periods_payroll_file_as_hr_made_it(tmp_path: Path) -> None:
    fakes = _apis()
    client = signed_in(console(fakes, tmp_path), "hr_staff")
    page = client.get("/exports").text
    assert "Establishment changes (fixed-width)" in page and "Ledger journal" not in page
    got = client.get("/exports/payroll", params={"period": "2027-04", "format": "fixed"})
    assert got.status_code == 200 and got.text == CSV
    assert got.headers["content-disposition"] == DISPOSITION
    sent = [c for c in fakes.calls if c.url.path == "/exports/payroll"][-1]
    assert dict(sent.url.params) == {"period": "2027-04", "format": "fixed"}


def test_a_refused_period_is_shown_against_the_period(tmp_path: Path) -> None:
    fakes = FakeApis()
    refusal = {"detail": "'2027-13' is not a pay period: write it as YYYY-MM, e.g. 2027-04"}
    fakes.answer("GET", "/exports/ledger", refusal, status=422)
    client = signed_in(console(fakes, tmp_path), "finance_staff")
    shown = client.get("/exports/ledger", params={"period": "2027-13"})
    assert shown.status_code == 400 and 'href="#period"' in shown.text
    assert "&#39;2027-13&#39; is not a pay period" in shown.text


def test_a_lead_gets_no_payroll_or_ledger_file(tmp_path: Path) -> None:
    client = signed_in(console(_apis(), tmp_path), "department_lead", "CS")
    assert client.get("/exports").status_code == 403
    assert client.get("/exports/payroll", params={"period": "2027-04"}).status_code == 403
