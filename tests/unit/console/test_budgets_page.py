"""Finance staff, auditors and leads see Finance's books in the console: lines, the money
held for moving posts, and failed checks with their reasons."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.unit.console.fakes import FakeApis, console, signed_in


def reservation(post: str, passed: bool, reserved: int, reason: str = "") -> dict[str, Any]:
    return {
        "transfer_id": f"T-{post}", "post_number": post, "function": "FIN", "department": "CS",
        "cost_centre": "CS-FIN", "annual_cost": 41_000, "target_team": "FIN",
        "effective_date": "2027-04-01", "check_passed": passed, "check_reason": reason,
        "money": "reserved" if reserved else "none", "reserved_amount": reserved,
        "moved_amount": 0, "amount_this_year": 0,
    }  # fmt: skip


def books() -> FakeApis:
    fakes = FakeApis()
    line = {"cost_centre": "CS-FIN", "function": "FIN", "annual_budget": 500_000,
            "reserved": 41_000, "moved_in": 0, "moved_out": 0, "current": 500_000,
            "available": 459_000}  # fmt: skip
    fakes.answer("GET", "/budget-lines", [line])
    fakes.answer(
        "GET",
        "/reservations",
        [reservation("34001", True, 41_000), reservation("34002", False, 0, "cost centre frozen")],
    )
    return fakes


def test_finance_staff_see_lines_money_held_and_failed_checks_with_reasons(
    tmp_path: Path,
) -> None:
    client = signed_in(console(books(), tmp_path), "finance_staff")
    page = client.get("/budgets")
    assert page.status_code == 200
    text = page.text
    assert "Failed budget checks (1)" in text and "cost centre frozen" in text
    assert "Held for moving posts (1)" in text and "£41,000" in text
    assert "£459,000" in text and 'href="/budgets" aria-current="true"' in text
    assert "Savings targets, 2026/27" in text
    assert re.search(
        r'data-target="FIN">.*?Central Finance.*?£500,000.*?£30,000.*?£470,000', text, re.S
    )


def test_hr_staff_have_no_budgets_link_and_leads_are_told_the_view_is_theirs(
    tmp_path: Path,
) -> None:
    hr = signed_in(console(books(), tmp_path), "hr_staff")
    assert 'href="/budgets"' not in hr.get("/dashboard").text
    lead = signed_in(console(books(), tmp_path), "department_lead", "CS")
    assert "Only your department's cost centres are shown" in lead.get("/budgets").text
