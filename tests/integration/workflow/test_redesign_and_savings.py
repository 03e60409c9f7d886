"""The redesign pipeline (from other services' topics and Workflow's own API) and savings."""

from __future__ import annotations

from typing import Any

import pytest

from shared.events import finance, redesign
from tests.conftest import token_for
from tests.integration.workflow.conftest import RunningWorkflow
from tests.support.topics import read_topic

pytestmark = pytest.mark.kafka
YEAR = "2026/27"
HR_STAFF = {"Authorization": f"Bearer {token_for('hr_staff', user_id='hr-officer-1')}"}


async def _post(
    workflow: RunningWorkflow, path: str, body: dict[str, Any], status: int = 200
) -> Any:
    response = await workflow.client.post(path, json=body, headers=HR_STAFF)
    assert response.status_code == status, response.text
    return response.json()


async def test_workflow_records_candidates_for_functions_without_their_own_publisher(
    workflow: RunningWorkflow,
) -> None:
    process = await _post(workflow, "/processes", {
        "function": "ICT", "name": "Password resets", "volume_per_year": 30_000,
        "minutes_per_case": 6, "rework_percent": 10, "average_grade_cost": 37_000,
    }, 201)  # fmt: skip
    candidate = await _post(workflow, "/candidates", {
        "process_id": process["process_id"], "kind": "automate", "title": "Self-service reset",
        "automation_potential_percent": 80, "ease": 4, "departments": ["CS"],
    }, 201)  # fmt: skip
    path = f"/candidates/{candidate['candidate_id']}"
    refused = await workflow.client.post(f"{path}/approve", json={}, headers=HR_STAFF)
    assert (
        refused.status_code == 409
        and "is identified, so it cannot be approved" in refused.json()["detail"]
    )
    await _post(workflow, f"{path}/assess", {"automation_potential_percent": 70})
    await _post(workflow, f"{path}/approve", {})
    await _post(workflow, f"{path}/start-delivery", {})
    delivered = await _post(workflow, f"{path}/deliver", {
        "realised_hours_saved_per_year": 2_500, "realised_money_saved_per_year": 52_000,
    })  # fmt: skip

    # 30,000 × 6 ÷ 60 × 1.1 = 3,300 h; ÷ 1,628 × £37,000 = £75,000; 70% of each.
    assert delivered["status"] == "delivered"
    assert delivered["hours_saved_per_year"] == 2_310.0
    assert delivered["money_saved_per_year"] == 52_500
    assert delivered["priority_score"] == 42.0  # 52.5 × 4 ÷ 5
    on_topic = await read_topic(workflow.bootstrap, workflow.topic("workflow.redesign"), at_least=6)
    mine = [m["value"]["event_type"] for m in on_topic if m["key"] == candidate["candidate_id"]]
    assert mine == [
        "CandidateIdentified", "CandidateAssessed", "CandidateApproved",
        "CandidateDeliveryStarted", "CandidateDelivered",
    ]  # fmt: skip

    for_finance = await workflow.client.post(
        "/processes", headers=HR_STAFF, json={
            "function": "FIN", "name": "Journals", "volume_per_year": 1, "minutes_per_case": 1,
            "average_grade_cost": 1,
        },
    )  # fmt: skip
    assert for_finance.status_code == 409 and "Finance service" in for_finance.json()["detail"]
    lead = {"Authorization": f"Bearer {token_for('department_lead', 'CS')}"}
    assert (await workflow.client.post(f"{path}/reject", json={}, headers=lead)).status_code == 403


async def test_candidates_from_other_services_are_ranked_by_priority_score(
    workflow: RunningWorkflow,
) -> None:
    council = workflow.council
    documents = [
        council.redesign(redesign.ProcessRegistered(
            process_id="PRC-HR-001", function="HR", team="HR", name="Recruitment administration",
            volume_per_year=4_000, minutes_per_case=90, average_grade_cost=36_000,
        )),
        council.redesign(redesign.CandidateIdentified(
            candidate_id="CAN-HR-1", process_id="PRC-HR-001", team="HR", kind="digitise",
            title="Online offer letters", automation_potential_percent=20, ease=5,
        )),
        council.redesign(redesign.CandidateIdentified(
            candidate_id="CAN-HR-2", process_id="PRC-HR-001", team="HR", kind="automate",
            title="Automated shortlisting", automation_potential_percent=40, ease=1,
        )),
    ]  # fmt: skip
    await workflow.send(documents)
    ranked = await workflow.until("/candidates?team=HR", lambda r: len(r.json()["candidates"]) == 2)
    # 6,000 h ÷ 1,628 × £36,000 = £132,678 as-is; 20% × ease 5 beats 40% × ease 1.
    assert [c["candidate_id"] for c in ranked["candidates"]] == ["CAN-HR-1", "CAN-HR-2"]
    assert [c["priority_score"] for c in ranked["candidates"]] == [26.54, 10.61]
    assert ranked["candidates"][0]["process_name"] == "Recruitment administration"
    by_money = (await workflow.client.get("/candidates?team=HR&sort=money")).json()
    assert by_money["candidates"][0]["candidate_id"] == "CAN-HR-2"


async def test_savings_show_target_estimated_realised_and_gap(workflow: RunningWorkflow) -> None:
    council = workflow.council
    process = {
        "process_id": "PRC-BUS-W1", "function": "BUS", "name": "Post and scanning",
        "volume_per_year": 81_400, "minutes_per_case": 3, "average_grade_cost": 32_560,
    }  # fmt: skip
    await _post(workflow, "/processes", process, 201)
    # 81,400 × 3 ÷ 60 = 4,070 h = 2.5 FTE = £81,400 a year as-is.
    for number, potential in ((1, 50), (2, 25), (3, 10)):
        await _post(workflow, "/candidates", {
            "candidate_id": f"CAN-BUS-{number}", "process_id": "PRC-BUS-W1", "kind": "digitise",
            "title": f"Option {number}", "automation_potential_percent": potential, "ease": 3,
        }, 201)  # fmt: skip
    for step in ("assess", "approve", "start-delivery"):
        await _post(workflow, f"/candidates/CAN-BUS-1/{step}", {})
        await _post(workflow, f"/candidates/CAN-BUS-2/{step}", {})
    for number in (1, 2):
        await _post(workflow, f"/candidates/CAN-BUS-{number}/deliver",
                    {"realised_money_saved_per_year": 30_000})  # fmt: skip
    savings = [
        finance.SavingsTargetSet(team="BUS", financial_year=YEAR, amount=100_000),
        finance.SavingsTargetSet(team="BUS", financial_year=YEAR, amount=150_000),
        finance.SavingsRealised(team="BUS", financial_year=YEAR, amount=35_000,
                                candidate_id="CAN-BUS-1"),
        finance.SavingsRealised(team="BUS", financial_year=YEAR, amount=5_000),
    ]  # fmt: skip
    await workflow.send([council.event(s, role="finance_staff") for s in savings])
    position = await workflow.until(
        f"/savings/BUS?financial_year={YEAR}", lambda r: r.json()["realised"] == 70_000
    )
    assert position["target"] == 150_000  # the latest target for the year
    assert position["estimated"] == 40_700 + 20_350  # CAN-BUS-3 is only identified
    # Finance's £35,000 replaces CAN-BUS-1's own figure; CAN-BUS-2's £30,000 is added:
    assert position["realised"] == 35_000 + 5_000 + 30_000
    assert position["gap"] == 150_000 - 70_000
    everyone = (await workflow.client.get(f"/savings?financial_year={YEAR}")).json()["teams"]
    assert len(everyone) == 8
