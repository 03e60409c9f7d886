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
        "budget_reduced": 0,
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


async def test_a_delivered_candidates_saving_is_given_up_from_the_central_line_once_only(
    finance: RunningFinance,
) -> None:
    centre = {"name": "Central Business Support", "owner": "CENTRAL", "function": "BUS",
              "annual_budget": 100_000}  # fmt: skip
    assert (await finance.client.put("/cost-centres/CEN-BUS-01", json=centre)).status_code == 200
    saving = {"team": "BUS", "financial_year": "2026/27", "amount": 60_000,
              "candidate_id": "CAN-DEMO-BUS-05", "reduce_budget": True}  # fmt: skip
    assert (await finance.client.post("/savings/realised", json=saving)).status_code == 201

    again = await finance.client.post("/savings/realised", json=saving)
    assert again.status_code == 409
    assert again.json()["detail"] == (
        "budget line CEN-BUS-01 has £40,000 left to give up as savings; it cannot be reduced "
        "by £60,000"
    )
    unnamed = await finance.client.post("/savings/realised", json=saving | {"candidate_id": None})
    assert unnamed.status_code == 422
    assert "must name the redesign candidate" in unnamed.json()["detail"]
    on_topic = await events_of(finance.bootstrap, finance.topic("finance.savings"), "BUS", 2)
    assert types(on_topic) == ["SavingsRealised", "CentralBudgetReduced"]
    assert on_topic[1]["value"]["payload"]["cost_centre"] == "CEN-BUS-01"
