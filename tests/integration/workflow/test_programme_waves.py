"""Waves of the programme plan against the real Kafka: planned, re-planned (every version
kept), planned versus actual from what the tracker saw, and a slipped date in the lead's feed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from shared.events import hr
from tests.conftest import token_for
from tests.integration.workflow.conftest import RunningWorkflow
from tests.support.events import proposed, registered, whole_move
from tests.support.topics import read_topic

pytestmark = pytest.mark.kafka
HR_STAFF = {"Authorization": f"Bearer {token_for('hr_staff', user_id='programme-office-1')}"}
CS_LEAD = {"Authorization": f"Bearer {token_for('department_lead', department='CS')}"}
START = date(2026, 3, 1)
WAVE = {
    "wave_id": "W1", "name": "Wave 1: Finance", "functions": ["FIN"], "departments": ["CS"],
    "consultation_starts_on": "2026-03-01", "approval_by": "2026-05-01",
    "effective_on": "2026-06-15", "target_saving": 80_000,
    "owner_role": "Director of Finance", "status": "in_progress",
}  # fmt: skip


async def _send_posts(workflow: RunningWorkflow) -> None:
    council, ids = workflow.council, {"post_number": "50002", "transfer_id": "T-50002"}
    await workflow.send([
        *whole_move(council, "50001", "T-50001", START),  # consulted, approved 31 March, moved
        council.event(registered("50002", "FIN", "CS"), START),
        council.event(proposed("50002", "T-50002", date(2026, 6, 15)), START),
        council.event(hr.ConsultationOpened(**ids, opened_on=START,
                                            closes_by=date(2026, 4, 1)), START),
        council.event(registered("50003", "HR", "CS"), START),  # HR: in no wave of Finance's
    ])  # fmt: skip
    await workflow.until("/posts/50002", lambda r: r.json().get("stage") == "in_consultation")
    await workflow.until("/posts/50001", lambda r: r.json().get("stage") == "effective")


async def _post(workflow: RunningWorkflow, path: str, body: dict[str, Any], status: int) -> Any:
    response = await workflow.client.post(path, json=body, headers=HR_STAFF)
    assert response.status_code == status, response.text
    return response.json()


async def _slips(workflow: RunningWorkflow, at_least: int) -> list[dict[str, Any]]:
    on_topic = await read_topic(
        workflow.bootstrap, workflow.topic("workflow.milestones"), at_least=at_least
    )
    return [m["value"] for m in on_topic if m["value"]["event_type"] == "WaveSlipped"]


async def test_a_wave_is_planned_replanned_and_its_slipped_approval_reaches_the_lead(
    workflow: RunningWorkflow,
) -> None:
    await _send_posts(workflow)
    assert await _post(workflow, "/programme/waves", WAVE, 201) == {
        "wave_id": "W1", "plan_version": 1,
    }  # fmt: skip
    wave = (await workflow.client.get("/programme/waves/W1")).json()
    assert wave["progress"]["posts_in_wave"] == 2  # the HR post is in no Finance wave
    milestones = {m["milestone"]: m for m in wave["progress"]["milestones"]}
    assert milestones["consultation_started"]["status"] == "achieved"
    assert milestones["approved"] | {"achieved_on": None} == {
        "milestone": "approved", "planned_on": "2026-05-01", "posts_reached": 1,
        "posts_in_wave": 2, "achieved_on": None, "status": "slipped",
    }  # fmt: skip
    assert wave["by_department"]["CS"]["posts_moved"] == 1
    assert wave["by_function"]["FIN"]["posts_in_wave"] == 2
    asch_lead = {"Authorization": f"Bearer {token_for('department_lead', department='ASCH')}"}
    theirs = (await workflow.client.get("/programme/waves/W1", headers=asch_lead)).json()
    assert (theirs["progress"]["posts_in_wave"], theirs["progress"]["annual_cost_moved"]) == (0, 0)
    assert theirs["by_department"] == {} and theirs["by_function"] == {}

    # 1 June is past the planned approval (1 May): the watch says so, once.
    slipped = (await _slips(workflow, at_least=3))[0]
    assert slipped["payload"] | {"departments": slipped["payload"]["departments"]} == {
        "wave_id": "W1", "wave_name": "Wave 1: Finance", "plan_version": 1,
        "milestone": "approved", "planned_on": "2026-05-01", "posts_reached": 1,
        "posts_in_wave": 2, "departments": ["CS"],
    }  # fmt: skip
    feed = await workflow.until(
        "/feed", lambda r: any(i["event_type"] == "WaveSlipped" for i in r.json()["items"]),
        token=token_for("department_lead", department="CS"),
    )  # fmt: skip
    item = next(i for i in feed["items"] if i["event_type"] == "WaveSlipped")
    assert item["kind"] == "milestones" and "approved planned for 2026-05-01" in item["summary"]

    # Re-planned: version 2; version 1's dates stay visible; the new date slips again later.
    replan = {**{k: v for k, v in WAVE.items() if k != "wave_id"},
              "approval_by": "2026-07-01", "effective_on": "2026-08-01",
              "reason": "Consultation extended at the unions' request"}  # fmt: skip
    assert (await _post(workflow, "/programme/waves/W1/replan", replan, 200))["plan_version"] == 2
    wave = (await workflow.client.get("/programme/waves/W1")).json()
    assert [(v["version"], v["approval_by"]) for v in wave["plan_versions"]] == [
        (1, "2026-05-01"), (2, "2026-07-01"),
    ]  # fmt: skip
    workflow.clock.now = datetime(2026, 7, 2, 9, 0, tzinfo=workflow.clock.now.tzinfo)
    await workflow.until_stall_checks(workflow.stall_checks + 2)
    slips = await _slips(workflow, at_least=4)
    assert [(s["payload"]["milestone"], s["payload"]["plan_version"]) for s in slips] == [
        ("approved", 1), ("approved", 2),
    ]  # fmt: skip
    on_topic = await read_topic(
        workflow.bootstrap, workflow.topic("workflow.programme"), at_least=2
    )
    assert [m["value"]["event_type"] for m in on_topic] == ["WavePlanned", "WaveReplanned"]


async def test_a_wave_plan_the_board_could_not_act_on_is_refused_and_nothing_is_written(
    workflow: RunningWorkflow,
) -> None:
    backwards = {**WAVE, "approval_by": "2026-02-01"}
    refused = await _post(workflow, "/programme/waves", backwards, 422)
    assert "dates must run in order" in refused["detail"]
    assert (await workflow.client.get("/programme/waves/W1")).status_code == 404
    by_lead = await workflow.client.post("/programme/waves", json=WAVE, headers=CS_LEAD)
    assert by_lead.status_code == 403
    await _post(workflow, "/programme/waves", WAVE, 201)
    again = await _post(workflow, "/programme/waves", WAVE, 409)
    assert "already planned" in again["detail"]
    no_reason = {k: v for k, v in WAVE.items() if k != "wave_id"} | {"reason": " "}
    assert "needs a reason" in (await _post(workflow, "/programme/waves/W1/replan",
                                            no_reason, 422))["detail"]  # fmt: skip


async def test_a_waves_equality_assessment_is_recorded_with_its_date_and_where_to_read_it(
    workflow: RunningWorkflow,
) -> None:
    await _post(workflow, "/programme/waves", {**WAVE, "equality_assessment_required": True}, 201)
    path = "/programme/waves/W1/equality-assessment"
    undated = await _post(workflow, path, {"status": "completed"}, 422)
    assert "needs the date it was completed" in undated["detail"]
    done = {"status": "completed", "assessed_on": "2026-02-20", "link": "https://eia/w1"}
    await _post(workflow, path, done, 200)
    wave = (await workflow.client.get("/programme/waves/W1")).json()
    assert wave["plan"]["equality_assessment_required"] is True
    assert wave["equality_assessment"] | {"recorded_on": None} == {
        **done, "document_sha256": None, "recorded_on": None,
    }  # fmt: skip
    on_topic = await read_topic(
        workflow.bootstrap, workflow.topic("workflow.programme"), at_least=2
    )
    assert [m["value"]["event_type"] for m in on_topic] == [
        "WavePlanned", "EqualityImpactAssessmentRecorded",
    ]  # fmt: skip
