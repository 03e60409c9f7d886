"""HR reads the programme's waves from `workflow.programme` (real Kafka) and holds approvals
to them: a decision reference, and a completed equality impact assessment, where required."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from services.hr.adapters.wave_rules import WaveRuleRepository
from services.hr.domain.wave_rules import WaveRule
from shared.events import programme
from tests.integration.hr.conftest import RunningHr
from tests.integration.hr.support import publish_budget_verdict, wait_for
from tests.support.envelopes import StreamWriter
from tests.support.posts import a_post
from tests.support.topics import read_topic, write
from tests.support.waiting import eventually_async

pytestmark = pytest.mark.kafka
WAVE = programme.WavePlanned(
    wave_id="W1", plan_version=1, name="Wave 1: Finance and ICT", functions=["FIN", "ICT"],
    departments=[], consultation_starts_on=date(2027, 1, 11), approval_by=date(2027, 3, 1),
    effective_on=date(2027, 4, 1), target_saving=1_200_000, owner_role="Director of Finance",
    status="in_progress", decision_reference_required=True, equality_assessment_required=True,
)  # fmt: skip
COMPLETED = programme.EqualityImpactAssessmentRecorded(
    wave_id="W1", status="completed", assessed_on=date(2027, 1, 10), link="https://eia/w1"
)
DECISION = {"decision_reference": "CAB/2027/14", "decision_date": "2027-01-12",
            "decision_maker": "cabinet"}  # fmt: skip


async def _publish(running: RunningHr, writer: StreamWriter, *events: programme.WaveEvent) -> None:
    topic = f"{running.prefix}workflow.programme"
    await write(running.bootstrap, [(topic, e.wave_id, writer.document(e)) for e in events])


async def _wave_rule(running: RunningHr, ready: str) -> WaveRule:
    def covering() -> list[WaveRule]:
        with running.app.state.runtime.engine.connect() as connection:
            return WaveRuleRepository(connection).covering("FIN", "CS")

    async def read() -> list[WaveRule]:
        return await asyncio.to_thread(covering)

    rules = await eventually_async(
        read, lambda r: bool(r) and r[0].equality_assessment_status == ready, what="wave rule"
    )
    return rules[0]


async def test_an_approval_in_a_wave_needs_its_decision_and_the_completed_assessment(
    running_hr: RunningHr,
) -> None:
    hr, writer = running_hr.client, StreamWriter("workflow")
    assert (await hr.post("/posts", json=a_post("10423"))).status_code == 201
    proposal = {"target_team": "FIN", "effective_date": "2027-04-01", "reason": "Wave 1"}
    transfer_id = (await hr.post("/posts/10423/transfer", json=proposal)).json()["transfer_id"]
    await hr.post("/posts/10423/transfer/consultation/open", json={"closes_by": "2027-01-15"})
    await hr.post("/posts/10423/transfer/consultation/close", json={"outcome": "agreed"})
    await publish_budget_verdict(
        running_hr.bootstrap, running_hr.prefix, "10423", transfer_id, True
    )
    await wait_for(hr, "/posts/10423/transfer", "budget_check", "passed")
    await _publish(running_hr, writer, WAVE)
    await _wave_rule(running_hr, "not_started")

    no_decision = await hr.post("/posts/10423/transfer/approve")
    assert no_decision.status_code == 409
    assert (
        "requires each approval to name its Cabinet or officer decision"
        in (no_decision.json()["detail"])
    )
    no_assessment = await hr.post("/posts/10423/transfer/approve", json=DECISION)
    assert no_assessment.status_code == 409
    assert "equality impact assessment" in no_assessment.json()["detail"]

    await _publish(running_hr, writer, COMPLETED)
    await _wave_rule(running_hr, "completed")
    approved = await hr.post("/posts/10423/transfer/approve", json=DECISION)
    assert approved.status_code == 200, approved.text
    on_topic = await read_topic(running_hr.bootstrap, f"{running_hr.prefix}hr.posts", at_least=5)
    (event,) = [m["value"] for m in on_topic if m["value"]["event_type"] == "TransferApproved"]
    assert {k: event["payload"][k] for k in DECISION} == DECISION
