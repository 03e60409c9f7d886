"""Stalled transfers found by the background check (fake clock), and the demo pipeline."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta

import pytest
import pytest_asyncio

from shared.events import hr
from tests.integration.workflow.conftest import (
    FakeClock,
    RunningWorkflow,
    running,
    workflow_settings,
)
from tests.support.databases import NewDatabase
from tests.support.events import proposed, registered
from tests.support.topics import read_topic

pytestmark = pytest.mark.kafka
OPENED = date(2026, 6, 1)


async def test_a_transfer_in_consultation_too_long_is_reported_stalled_once(
    workflow: RunningWorkflow,
) -> None:
    council, ids = workflow.council, {"post_number": "40001", "transfer_id": "T-40001"}
    await workflow.send([
        council.event(registered("40001", "POL", "CST"), OPENED),
        council.event(proposed("40001", "T-40001", date(2026, 10, 1), "POL", "CST"), OPENED),
        council.event(hr.ConsultationOpened(**ids, opened_on=OPENED, closes_by=date(2026, 6, 30)),
                      OPENED),
    ])  # fmt: skip
    await workflow.until("/posts/40001", lambda r: r.json().get("stage") == "in_consultation")
    workflow.clock.now = datetime(2026, 7, 1, 9, 0, tzinfo=workflow.clock.now.tzinfo)  # day 30
    await workflow.until_stall_checks(workflow.stall_checks + 2)
    workflow.clock.now += timedelta(days=1)  # day 31: over the 30-day limit
    await read_topic(workflow.bootstrap, workflow.topic("workflow.milestones"))  # the first
    # It keeps checking; it must not say so again.
    await workflow.until_stall_checks(workflow.stall_checks + 3)
    stalled = await read_topic(workflow.bootstrap, workflow.topic("workflow.milestones"))
    assert [m["value"]["event_type"] for m in stalled] == ["TransferStalled"]
    assert stalled[0]["value"]["payload"] == {
        "post_number": "40001", "transfer_id": "T-40001", "stage": "in_consultation",
        "since": "2026-06-01", "days_in_stage": 31, "limit_days": 30,
    }  # fmt: skip
    assert stalled[0]["value"]["department"] == "CST"


@pytest_asyncio.fixture(loop_scope="session")
async def demo_workflow(
    kafka_bootstrap: str, new_database: NewDatabase
) -> AsyncIterator[RunningWorkflow]:
    settings = workflow_settings(kafka_bootstrap, new_database("workflow"), demo_support_posts=50)
    async for service in running(settings, FakeClock()):
        yield service


async def test_the_demo_registers_processes_and_candidates_for_functions_without_a_publisher(
    demo_workflow: RunningWorkflow,
) -> None:
    answer = await demo_workflow.until("/candidates", lambda r: len(r.json()["candidates"]) == 36)
    every = {"identified", "assessed", "approved", "in_delivery", "delivered", "rejected"}
    for function in ("ICT", "COMMS", "POL", "PROC", "BUS", "PPM"):
        statuses = [c["status"] for c in answer["candidates"] if c["team"] == function]
        assert sorted(statuses) == sorted(every), function
    register = (await demo_workflow.client.get("/benefits")).json()["benefits"]
    assert len(register) == 3 * 6  # approved, in delivery and delivered, in each function
    assert sum(bool(case["measurements"]) for case in register) == 6
    savings = (await demo_workflow.client.get("/savings")).json()
    assert savings["programme"]["realised"] > 0
    assert savings["programme"]["identified"] > savings["programme"]["approved"] > 0
    delivered = [case for case in register if case["fte_released"] > 0]
    assert len(delivered) == 6  # each function's delivered candidate released FTE
    assert savings["programme"]["fte_released"] == round(
        sum(case["fte_released"] for case in delivered), 2
    )
    processes = (await demo_workflow.client.get("/processes")).json()["processes"]
    assert len(processes) > 100
    assert {p["function"] for p in processes} == {"ICT", "COMMS", "POL", "PROC", "BUS", "PPM"}
    assert all(c["money_saved_per_year"] > 0 for c in answer["candidates"])
    on_topic = await read_topic(
        demo_workflow.bootstrap, demo_workflow.topic("workflow.redesign"), at_least=len(processes)
    )
    assert sum(m["value"]["event_type"] == "ProcessRegistered" for m in on_topic) == len(processes)


async def test_the_demo_plans_four_waves_one_replanned_and_one_awaiting_its_assessment(
    demo_workflow: RunningWorkflow,
) -> None:
    # Four waves ahead, after the early start (W0) the programme completed a year in.
    answer = await demo_workflow.until("/programme/waves", lambda r: len(r.json()["waves"]) == 5)
    waves = {wave["wave_id"]: wave for wave in answer["waves"]}
    assert waves["W0"]["plan"]["status"] == "complete"
    assert [v["version"] for v in waves["W2"]["plan_versions"]] == [1, 2]
    assert waves["W1"]["plan"]["approval_by"] < answer["as_of"]  # its approval date has passed
    assert waves["W3"]["plan"]["decision_reference_required"] is True
    assert waves["W3"]["equality_assessment"]["status"] == "in_progress"
