"""Targets per team, per department and programme-wide, over several years, against the
savings identified, approved and realised, by department of origin (real broker)."""

from __future__ import annotations

from typing import Any

import pytest

from shared.events import finance
from tests.conftest import token_for
from tests.integration.workflow.conftest import RunningWorkflow

pytestmark = [pytest.mark.kafka, pytest.mark.asyncio(loop_scope="session")]
FINANCE_STAFF = {"Authorization": f"Bearer {token_for('finance_staff', user_id='fin-1')}"}
YEAR = "2026/27"


async def _post(workflow: RunningWorkflow, path: str, body: Any, status: int = 200) -> Any:
    response = await workflow.client.post(path, json=body, headers=FINANCE_STAFF)
    assert response.status_code == status, response.text
    return response.json()


async def test_targets_at_every_level_meet_realised_savings_by_department_of_origin(
    workflow: RunningWorkflow,
) -> None:
    writer = workflow.council.finance
    await workflow.send([
        workflow.council.event(finance.SavingsTargetSet(team="ICT", financial_year=YEAR,
                                                        amount=100_000), role="finance_staff"),
        writer.document(finance.ProgrammeSavingsTargetSet(department="ASCH", financial_year=YEAR,
                        amount=50_000), "department:ASCH", None, actor_role="finance_staff"),
        writer.document(finance.ProgrammeSavingsTargetSet(financial_year="2027/28",
                        amount=1_000_000), "programme", None, actor_role="finance_staff"),
    ])  # fmt: skip
    process = await _post(workflow, "/processes", {
        "function": "ICT", "name": "New starter accounts", "volume_per_year": 6_000,
        "minutes_per_case": 40, "average_grade_cost": 38_000}, 201)  # fmt: skip
    body = {"process_id": process["process_id"], "kind": "automate", "departments": ["ASCH"],
            "title": "Accounts made from HR's starter event", "automation_potential_percent": 50,
            "ease": 4}  # fmt: skip
    candidate = (await _post(workflow, "/candidates", body, 201))["candidate_id"]
    second = await _post(workflow, "/candidates", body | {"title": "Second, not approved"}, 201)
    second = second["candidate_id"]
    for step, payload in [("assess", {}), ("approve", {}), ("start-delivery", {}),
                          ("deliver", {"realised_money_saved_per_year": 18_000})]:  # fmt: skip
        await _post(workflow, f"/candidates/{candidate}/{step}", payload)

    # Finance books the saving against the candidate and gives it up from the central line.
    booked = {"team": "ICT", "financial_year": YEAR, "amount": 18_000, "candidate_id": candidate}
    await workflow.send([
        workflow.council.event(finance.SavingsRealised(**booked), role="finance_staff"),
        workflow.council.event(finance.CentralBudgetReduced(**booked, cost_centre="CEN-ICT-01"),
                               role="finance_staff"),
    ])  # fmt: skip
    answer = await workflow.until(
        f"/savings?financial_year={YEAR}",
        lambda r: (
            any(row["target"] == 50_000 for row in r.json()["departments"])
            and r.json()["programme"]["budget_reduced"] == 18_000
        ),
        token=token_for("auditor"),
    )
    ict = next(row for row in answer["teams"] if row["team"] == "ICT")
    assert (ict["target"], ict["realised"], ict["gap"]) == (100_000, 18_000, 82_000)
    assert ict["budget_reduced"] == ict["realised"]  # realised savings reconcile with the books
    assert ict["identified"] == 2 * ict["approved"] and ict["approved"] == ict["estimated"]
    asch = next(row for row in answer["departments"] if row["department"] == "ASCH")
    assert (asch["target"], asch["realised"], asch["gap"]) == (50_000, 18_000, 32_000)
    assert answer["programme"]["realised"] == 18_000 and answer["programme"]["team_targets"] == (
        100_000
    )
    assert "approved" in answer["definitions"]
    for lead, rows in (("CS", []), ("ASCH", ["ASCH"])):  # a lead sees their own row, no other
        headers = {"Authorization": f"Bearer {token_for('department_lead', lead)}"}
        seen = (
            await workflow.client.get(f"/savings?financial_year={YEAR}", headers=headers)
        ).json()
        assert [row["department"] for row in seen["departments"]] == rows

    years = await workflow.until(
        "/savings/years?first=2026/27&last=2028/29",
        lambda r: r.json()["years"][1]["programme"]["target"] == 1_000_000,
        token=token_for("auditor"),
    )
    assert [year["financial_year"] for year in years["years"]] == ["2026/27", "2027/28", "2028/29"]
    assert years["years"][1]["programme"]["realised"] == 0
    too_long = await workflow.client.get("/savings/years?first=2026/27&last=2040/41")
    assert too_long.status_code == 422

    thread = (await workflow.client.get(f"/golden-thread/candidates/{candidate}")).json()
    assert [e["event_type"] for e in thread["events"]] == [
        "ProcessRegistered", "CandidateIdentified", "CandidateAssessed", "CandidateApproved",
        "CandidateDeliveryStarted", "CandidateDelivered", "SavingsRealised",
        "CentralBudgetReduced",
    ]  # fmt: skip
    assert all(len(e["event_id"]) == 36 for e in thread["events"])
    assert thread["realised_booked"] == thread["budget_reduced"] == 18_000
    team = (await workflow.client.get("/golden-thread/teams/ICT")).json()
    assert [t["candidate_id"] for t in team["candidates"]] == sorted([candidate, second]) and team[
        "budget_reduced"
    ] == 18_000
