"""HR's own processes enter the redesign pipeline: HR registers and reviews them through its
redesign API, on `hr.redesign`, and Workflow's pipeline shows them with what departments
said they need from Central HR."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio

from services.hr.app import HrSettings, create_app
from tests.conftest import token_for
from tests.integration.workflow.conftest import RunningWorkflow
from tests.support.databases import NewDatabase
from tests.support.in_process import serving, settings_for_test

pytestmark = [pytest.mark.kafka, pytest.mark.asyncio(loop_scope="session")]
HR_STAFF = {"Authorization": f"Bearer {token_for('hr_staff', user_id='hr-officer-1')}"}
FINANCE_STAFF = {"Authorization": f"Bearer {token_for('finance_staff', user_id='fin-1')}"}


@pytest_asyncio.fixture(loop_scope="session")
async def hr(
    workflow: RunningWorkflow, new_database: NewDatabase
) -> AsyncIterator[httpx.AsyncClient]:
    """HR in this process, publishing on the topics this Workflow reads."""
    settings = settings_for_test(
        HrSettings, workflow.bootstrap, new_database("hr"), topic_prefix=workflow.prefix
    )
    async with serving(create_app(settings), "hr", "hr_staff", "hr-officer-1") as client:
        yield client


async def _post(client: httpx.AsyncClient, path: str, body: Any, status: int = 201) -> Any:
    response = await client.post(path, json=body, headers=HR_STAFF)
    assert response.status_code == status, response.text
    return response.json()


async def test_an_hr_process_registered_in_hr_is_reviewed_and_its_candidate_reaches_workflow(
    workflow: RunningWorkflow, hr: httpx.AsyncClient
) -> None:
    process = f"PRC-HR-T{uuid.uuid4().hex[:6]}"
    await _post(
        hr,
        "/processes",
        {
            "process_id": process,
            "name": "Recruitment administration",
            "volume_per_year": 4_000,
            "minutes_per_case": 90,
            "average_grade_cost": 34_000,
        },
    )
    needs = [
        {"department": "ASCH", "need": "Faster recruitment of care workers"},
        {"department": "CS", "need": "One contact for safer-recruitment checks"},
    ]
    await _post(
        hr, f"/processes/{process}/review", {"started_on": "2026-06-01", "support_needs": needs}
    )
    found = await _post(
        hr,
        f"/processes/{process}/candidates",
        {"kind": "digitise", "title": "Online pre-employment checks",
         "automation_potential_percent": 40, "ease": 4, "departments": ["ASCH", "CS"]},
    )  # fmt: skip
    candidate = found["candidate_id"]
    assert candidate.startswith("C-HR-")
    await _post(
        hr, f"/candidates/{candidate}/assess", {"automation_potential_percent": 45, "ease": 4}, 200
    )

    seen = await workflow.until(
        f"/candidates/{candidate}",
        lambda r: r.status_code == 200 and r.json()["status"] == "assessed",
    )
    assert seen["team"] == "HR" and seen["money_saved_per_year"] > 0
    listed = await workflow.until(
        "/processes?team=HR",
        lambda r: any(p["review_started_on"] for p in r.json()["processes"]),
    )
    assert [p["process_id"] for p in listed["processes"]] == [process]
    by_department = (await workflow.client.get("/support-needs")).json()["departments"]
    assert by_department == {
        "ASCH": [{"process_id": process, "team": "HR", "need": needs[0]["need"]}],
        "CS": [{"process_id": process, "team": "HR", "need": needs[1]["need"]}],
    }


async def test_hr_refuses_a_step_out_of_order_and_finance_staff_cannot_change_hr_processes(
    hr: httpx.AsyncClient,
) -> None:
    missing = await hr.post("/candidates/C-HR-nope/approve", headers=HR_STAFF)
    assert missing.status_code == 404
    assert missing.json()["detail"] == "there is no HR redesign candidate C-HR-nope"
    body = {"process_id": "PRC-HR-X1", "name": "Payroll changes", "volume_per_year": 1,
            "minutes_per_case": 1, "average_grade_cost": 1}  # fmt: skip
    refused = await hr.post("/processes", json=body, headers=FINANCE_STAFF)
    assert refused.status_code == 403


async def test_workflow_starts_a_review_of_a_process_it_hosts_but_not_of_an_hr_one(
    workflow: RunningWorkflow,
) -> None:
    body = {"function": "ICT", "name": "Password resets", "volume_per_year": 20_000,
            "minutes_per_case": 8, "average_grade_cost": 38_000}  # fmt: skip
    answer = await workflow.client.post("/processes", json=body, headers=HR_STAFF)
    process = answer.json()["process_id"]
    need = {"department": "PLACE", "need": "Self-service resets for depot staff"}
    review = {"started_on": "2026-06-02", "support_needs": [need]}
    started = await workflow.client.post(
        f"/processes/{process}/review", json=review, headers=HR_STAFF
    )
    assert started.status_code == 201, started.text
    place = (await workflow.client.get("/support-needs?department=PLACE")).json()["departments"]
    assert place["PLACE"] == [{"process_id": process, "team": "ICT", "need": need["need"]}]

    hr_body = body | {"function": "HR"}
    refused = await workflow.client.post("/processes", json=hr_body, headers=HR_STAFF)
    assert refused.status_code == 409
    assert (
        refused.json()["detail"]
        == "HR processes and their candidates are recorded by the HR service"
    )
