"""Savings targets and realised savings through the API: finance staff only, events out."""

from __future__ import annotations

import pytest

from tests.conftest import token_for
from tests.integration.finance.conftest import RunningFinance
from tests.integration.finance.reading import events_of, types

pytestmark = [pytest.mark.kafka, pytest.mark.asyncio(loop_scope="session")]


async def test_finance_staff_set_a_target_and_record_savings_against_it(
    finance: RunningFinance,
) -> None:
    target = {"team": "Central Procurement", "financial_year": "2026/27", "amount": 250_000}
    answer = await finance.client.post("/savings/targets", json=target)
    assert answer.status_code == 201, answer.text
    assert answer.json()["team"] == "PROC"
    realised = {
        "team": "PROC",
        "financial_year": "2026/27",
        "amount": 40_000,
        "description": "framework renegotiated",
    }
    assert (await finance.client.post("/savings/realised", json=realised)).status_code == 201

    summary = (await finance.client.get("/savings")).json()
    assert {
        "team": "PROC",
        "financial_year": "2026/27",
        "target": 250_000,
        "realised": 40_000,
        "still_to_find": 210_000,
    } in summary
    on_topic = await events_of(finance.bootstrap, finance.topic("finance.savings"), "PROC", 2)
    assert types(on_topic) == ["SavingsTargetSet", "SavingsRealised"]
    assert on_topic[0]["value"]["actor"] == {
        "id": "fin-officer-1",
        "role": "finance_staff",
        "department": None,
    }


async def test_hr_staff_may_not_set_savings_targets(finance: RunningFinance) -> None:
    headers = {"Authorization": f"Bearer {token_for('hr_staff')}"}
    target = {"team": "FIN", "financial_year": "2026/27", "amount": 1}
    answer = await finance.client.post("/savings/targets", json=target, headers=headers)
    assert answer.status_code == 403
    assert answer.json()["detail"] == (
        "only finance staff may do this; you are signed in as hr_staff"
    )


async def test_a_target_for_an_unknown_team_or_a_badly_written_year_is_refused(
    finance: RunningFinance,
) -> None:
    unknown = {"team": "Central Catering", "financial_year": "2026/27", "amount": 1}
    answer = await finance.client.post("/savings/targets", json=unknown)
    assert answer.status_code == 404
    assert answer.json()["detail"] == "there is no centralised team called 'Central Catering'"
    bad_year = {"team": "FIN", "financial_year": "2026-27", "amount": 1}
    answer = await finance.client.post("/savings/targets", json=bad_year)
    assert answer.status_code == 422
    assert "write it like '2026/27'" in answer.json()["detail"]


async def test_hr_staff_may_not_load_budgets(finance: RunningFinance) -> None:
    headers = {"Authorization": f"Bearer {token_for('hr_staff')}"}
    body = {"name": "x", "owner": "CS", "function": "FIN", "annual_budget": 1}
    answer = await finance.client.put("/cost-centres/CS-FIN-09", json=body, headers=headers)
    assert answer.status_code == 403
