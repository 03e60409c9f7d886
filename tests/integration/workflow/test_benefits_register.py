"""The benefits register on the real broker: a candidate's case with its net benefit and
payback, double counting refused naming the other candidate, health, realised measurements
only once delivered; every accepted change published on `workflow.redesign`."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import token_for
from tests.integration.workflow.conftest import RunningWorkflow
from tests.support.topics import read_until

pytestmark = [pytest.mark.kafka, pytest.mark.asyncio(loop_scope="session")]
FINANCE_STAFF = {"Authorization": f"Bearer {token_for('finance_staff', user_id='fin-1')}"}


async def _call(workflow: RunningWorkflow, method: str, path: str, body: Any = None,
                status: int = 200) -> Any:  # fmt: skip
    response = await workflow.client.request(method, path, json=body, headers=FINANCE_STAFF)
    assert response.status_code == status, response.text
    return response.json()


async def _candidate(workflow: RunningWorkflow, process: str, title: str) -> str:
    body = {"process_id": process, "kind": "automate", "title": title,
            "automation_potential_percent": 30, "ease": 3}  # fmt: skip
    return str((await _call(workflow, "POST", "/candidates", body, 201))["candidate_id"])


def _case(**changes: Any) -> dict[str, Any]:
    return {
        "owner_role": "Head of Central ICT and Digital",
        "baseline_measure": "Hours a year resetting passwords",
        "baseline_value": 2_700,
        "baseline_date": "2026-05-01",
        "profile": [
            {"financial_year": "2026/27", "cashable_money": 20_000, "hours_freed": 500},
            {"financial_year": "2027/28", "cashable_money": 60_000, "hours_freed": 500},
            {"financial_year": "2028/29", "cashable_money": 60_000, "hours_freed": 500},
        ],
        "one_off_cost": 50_000,
        "running_cost_per_year": 10_000,
        "post_numbers": ["ICT-9001"],
    } | changes


async def test_a_benefit_case_is_registered_measured_once_delivered_and_never_counted_twice(
    workflow: RunningWorkflow,
) -> None:
    process_body = {"function": "ICT", "name": "Password resets", "volume_per_year": 20_000,
                    "minutes_per_case": 8, "average_grade_cost": 38_000}  # fmt: skip
    process = (await _call(workflow, "POST", "/processes", process_body, 201))["process_id"]
    first = await _candidate(workflow, process, "Self-service password resets")
    second = await _candidate(workflow, process, "Chatbot for account unlocks")

    case = await _call(workflow, "PUT", f"/candidates/{first}/benefits", _case())
    assert case["figures"] | {"hours_freed_total": 0} == {
        "cashable_total": 140_000, "hours_freed_total": 0, "delivery_cost": 50_000,
        "running_cost_total": 30_000, "net_benefit": 60_000, "payback_years": 1.8,
    }  # fmt: skip
    assert case["health"] == "on_track"

    same_post = await workflow.client.put(
        f"/candidates/{second}/benefits", json=_case(), headers=FINANCE_STAFF
    )
    assert same_post.status_code == 409
    assert same_post.json()["detail"] == f"post ICT-9001 is already claimed by candidate {first}"
    too_many_hours = _case(
        post_numbers=[],
        profile=[{"financial_year": "2026/27", "cashable_money": 0, "hours_freed": 2_500}],
    )
    hours = await workflow.client.put(
        f"/candidates/{second}/benefits", json=too_many_hours, headers=FINANCE_STAFF
    )
    assert hours.status_code == 409 and f"candidate {first} already claims 500" in hours.text
    early = _case(post_numbers=[], baseline_date="2027-06-01")
    before = await workflow.client.put(
        f"/candidates/{second}/benefits", json=early, headers=FINANCE_STAFF
    )
    assert before.status_code == 422
    assert before.json()["detail"].startswith("the profile has 2026/27, before the baseline's")
    negative = await workflow.client.put(
        f"/candidates/{second}/benefits", json=_case(post_numbers=[], one_off_cost=-5),
        headers=FINANCE_STAFF,
    )  # fmt: skip
    assert negative.status_code == 422
    assert negative.json()["detail"] == "delivery and running costs cannot be negative"
    nothing = await workflow.client.get(f"/candidates/{second}/benefits", headers=FINANCE_STAFF)
    assert nothing.status_code == 404

    at_risk = {"health": "at_risk", "reason": "Identity provider upgrade slipped"}
    marked = await _call(workflow, "POST", f"/candidates/{first}/benefits/health", at_risk)
    assert marked["health"] == "at_risk"
    by_post = await _call(workflow, "GET", "/golden-thread/posts/ICT-9001")
    assert [thread["candidate_id"] for thread in by_post["candidates"]] == [first]
    listed = await _call(workflow, "GET", "/benefits?health=at_risk")
    assert [case["candidate_id"] for case in listed["benefits"]] == [first]
    measurement = {"measured_on": "2027-03-31", "cashable_money": 18_000, "hours_freed": 450}
    refused = await workflow.client.post(
        f"/candidates/{first}/benefits/measurements", json=measurement, headers=FINANCE_STAFF
    )
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        f"candidate {first} is identified; realised savings are recorded only once it is delivered"
    )
    for step, body in [("assess", {}), ("approve", {}), ("start-delivery", {}),
                       ("deliver", {"realised_money_saved_per_year": 18_000})]:  # fmt: skip
        await _call(workflow, "POST", f"/candidates/{first}/{step}", body)
    measured = await _call(
        workflow, "POST", f"/candidates/{first}/benefits/measurements", measurement, 201
    )
    assert measured["realised_by_year"] == {"2026/27": {"cashable_money": 18_000,
                                                        "hours_freed": 450}}  # fmt: skip

    topic = workflow.topic("workflow.redesign")
    messages = await read_until(
        workflow.bootstrap, topic, lambda ms: sum(m["key"] == first for m in ms) >= 8
    )
    benefit_types = [
        m["value"]["event_type"]
        for m in messages
        if m["key"] == first and m["value"]["aggregate_type"] == "benefit"
    ]
    assert benefit_types == ["BenefitCaseRecorded", "BenefitHealthChanged", "BenefitMeasured"]
    assert not [m for m in messages if m["key"] == second and m["value"]["aggregate_type"] ==
                "benefit"]  # fmt: skip
