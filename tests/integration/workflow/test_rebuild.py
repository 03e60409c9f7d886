"""Drop the tracker and rebuild it from the log: the same state, and nothing published again.

A first Workflow consumes a scenario written straight to the topics (moves completing in
either order, a function centralised, another centralised once its last post is agreed out
of scope, posts already central, a stalled consultation in an exercise with documents and
questions, an exercise closed not agreed with HR's decision, a failed budget check,
candidates from HR, Workflow's demo pipeline and its own API, Finance's savings). A second
Workflow on a fresh database, with a new consumer generation, reads the same topics.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from services.workflow.adapters.tables import messaging
from services.workflow.app import WorkflowSettings
from shared.events import finance, hr, redesign
from tests.conftest import token_for
from tests.integration.workflow.conftest import (
    FakeClock,
    RunningWorkflow,
    running,
    workflow_settings,
)
from tests.support import consultation_events as build
from tests.support.databases import NewDatabase
from tests.support.events import Council, Document, proposed, registered, whole_move
from tests.support.outbox import business
from tests.support.topics import read_topic
from tests.support.waiting import eventually_async

pytestmark = pytest.mark.kafka
START = date(2026, 5, 10)  # near the fake clock (1 June): no stage of a move over its limit
YEAR = "2026/27"
HR_STAFF = {"Authorization": f"Bearer {token_for('hr_staff', user_id='hr-officer-1')}"}


@asynccontextmanager
async def started(settings: WorkflowSettings, clock: FakeClock) -> AsyncIterator[RunningWorkflow]:
    async for service in running(settings, clock):
        yield service


async def test_a_workflow_rebuilt_from_the_log_matches_the_original_and_publishes_nothing(
    kafka_bootstrap: str, new_database: NewDatabase
) -> None:
    clock = FakeClock()
    first = workflow_settings(kafka_bootstrap, new_database("workflow"), demo_support_posts=40)
    async with started(first, clock) as original:
        timelines = await _run_scenario(original)
        await _until_caught_up(original)
        before = await _snapshot(original, timelines)
        # Moves of 50001, 50002, 50011; PROC and ICT centralised; the stall.
        milestones = await _on_topic(original, "workflow.milestones", 6)
        await _until_sent(original)
        pipeline = await _on_topic(original, "workflow.redesign", _sent(original, "redesign"))

    second = first.model_copy(
        update={"database_url": new_database("rebuilt"), "consumer_generation": "rebuilt"}
    )
    async with started(second, clock) as rebuilt:
        await _until_caught_up(rebuilt)
        checked = rebuilt.stall_checks
        after = await _snapshot(rebuilt, timelines)
        await rebuilt.until_stall_checks(checked + 2)  # two checks after catching up
        assert after == before
        assert _outbox_size(rebuilt) == 0
        assert rebuilt.app.state.catch_up.published_on_opening == 0
        assert await _on_topic(rebuilt, "workflow.milestones", len(milestones)) == milestones
        assert await _on_topic(rebuilt, "workflow.redesign", len(pipeline)) == pipeline

        # Its own streams continue where the log left them, not again from 1.
        await _post(rebuilt, "/candidates/CAN-W-ICT-1/assess", {"ease": 2})
        grown = await _on_topic(rebuilt, "workflow.redesign", len(pipeline) + 1)
        chain = [event for event in grown if event["aggregate_id"] == "CAN-W-ICT-1"]
        assert [e["sequence"] for e in chain] == [1, 2]
        assert chain[1]["prev_hash"] == chain[0]["hash"]


async def test_a_restart_publishes_what_the_backlog_completed_once_and_nothing_twice(
    kafka_bootstrap: str, new_database: NewDatabase
) -> None:
    clock = FakeClock()
    settings = workflow_settings(kafka_bootstrap, new_database("workflow"))
    council = Council()
    first = whole_move(council, "60001", "T-60001", START, "PPM", "CS")
    second = whole_move(council, "60002", "T-60002", START, "PPM", "ASCH")
    async with started(settings, clock) as before:
        await before.send([first[0], second[0]])
        await before.until("/progress/functions", lambda r: _posts_of(r.json(), "PPM") == 2)
        await before.send(first[1:] + second[1:-2])
        await before.until("/posts/60001", lambda r: r.json().get("budget_moved") is True)
        await before.until("/posts/60002", lambda r: r.json().get("stage") == "approved")
        published = await _on_topic(before, "workflow.milestones", 1)
        await _until_sent(before)
    await before.send(second[-2:])  # written while Workflow is down: completes the function

    async with started(settings, clock) as after:
        await _until_caught_up(after)
        assert after.app.state.catch_up.published_on_opening == 2
        await _until_sent(after)
        grown = await _on_topic(after, "workflow.milestones", len(published) + 2)
    assert [e["event_type"] for e in published] == ["PostMoveCompleted"]
    assert sorted(e["event_type"] for e in grown) == [
        "PostMoveCompleted", "PostMoveCompleted", "TeamCentralised",
    ]  # fmt: skip

    async with started(settings, clock) as again:  # nothing new: the gates open at once
        await _until_caught_up(again)
        assert again.app.state.catch_up.published_on_opening == 0
        assert await _on_topic(again, "workflow.milestones", len(grown)) == grown


async def _run_scenario(workflow: RunningWorkflow) -> dict[str, int]:
    """Write the scenario; return how many facts each post has (to know all were read)."""
    council = workflow.council
    procurement = [
        whole_move(council, "50001", "T-50001", START, "PROC", "CS", 40_000, 1.0),
        whole_move(council, "50002", "T-50002", START, "PROC", "ASCH", 30_000, 0.5),
    ]
    ict = whole_move(council, "50011", "T-50011", START, "ICT", "PLACE", 35_000, 1.0)
    ict[-2], ict[-1] = ict[-1], ict[-2]  # BudgetMoved written before TransferEffective
    stalled = _stalled_consultation(council)
    refused = _failed_budget_check(council)
    central = [  # HR posts already in the central team
        council.event(registered(post, "HR", "CST").model_copy(update={"team": "HR"}))
        for post in ("50041", "50042")
    ]
    registrations = [moves[0] for moves in procurement] + [
        council.event(registered("50012", "ICT"))
    ]
    await workflow.send(registrations)  # HR registers the establishment before moves finish
    await workflow.until("/progress/functions", lambda r: _posts_of(r.json(), "PROC") == 2)
    staying = [  # ICT's other post stays in its department: ICT is centralised without it
        council.event(build.scope("50012", "out_of_scope")),
        council.event(build.scope_agreed("50012", "out_of_scope"), role="department_lead"),
    ]
    rest = procurement[0][1:] + procurement[1][1:] + ict + stalled + refused + staying + central
    await workflow.send(rest + _exercises(council) + _savings(council) + _hr_pipeline(council))
    await _own_pipeline(workflow)
    facts = [*procurement[0], *procurement[1], *ict, *stalled, *refused, registrations[-1]]
    facts += staying + central
    timelines: dict[str, int] = {}
    for document in facts:
        post = document["payload"]["post_number"]
        timelines[post] = timelines.get(post, 0) + 1
    return timelines


def _stalled_consultation(council: Council) -> list[Document]:
    ids = {"post_number": "50021", "transfer_id": "T-50021"}
    opened = date(2026, 4, 1)  # more than 30 days before the clock's 1 June
    return [
        council.event(registered("50021", "POL", "CST"), opened),
        council.event(proposed("50021", "T-50021", date(2026, 9, 1), "POL", "CST"), opened),
        council.event(
            hr.ConsultationOpened(
                **ids, opened_on=opened, closes_by=date(2026, 5, 1), exercise_id="CX-R1"
            ),
            opened,
        ),
    ]


def _exercises(council: Council) -> list[Document]:
    """The stalled post's exercise, open with a question unanswered, and one closed not
    agreed with HR's decision."""
    payloads = [
        build.exercise_opened("CX-R1", ["50021"], ["CST"], date(2026, 4, 1)),
        build.document_shared("CX-R1"),
        build.question_asked("CX-R1", "Q1"),
        build.question_answered("CX-R1", "Q1"),
        build.question_asked("CX-R1", "Q2"),
        build.exercise_opened("CX-R2", ["50031"], ["CS"]),
        build.exercise_closed("CX-R2", "not_agreed"),
        build.decision_recorded("CX-R2", "revise_and_reconsult"),
    ]
    return [council.event(payload) for payload in payloads]


def _failed_budget_check(council: Council) -> list[Document]:
    ids = {"post_number": "50031", "transfer_id": "T-50031"}
    on = date(2026, 5, 20)
    failed = finance.BudgetCheckFailed(
        **ids, cost_centre="CS-COMMS-01", reason_code="cost_centre_frozen",
        reason="cost centre CS-COMMS-01 is frozen",
    )  # fmt: skip
    return [
        council.event(registered("50031", "COMMS", "CS"), on),
        council.event(proposed("50031", "T-50031", date(2026, 10, 1), "COMMS", "CS"), on),
        council.event(failed, on, "system"),
    ]


def _savings(council: Council) -> list[Document]:
    facts = [
        finance.SavingsRealised(team="ICT", financial_year=YEAR, amount=15_000),
        finance.SavingsTargetSet(team="ICT", financial_year=YEAR, amount=120_000),
    ]  # one stream: once the target shows, the realised amount before it was read
    return [council.event(fact, role="finance_staff") for fact in facts]


def _hr_pipeline(council: Council) -> list[Document]:
    return [
        council.redesign(redesign.ProcessRegistered(
            process_id="PRC-HR-R1", function="HR", team="HR", name="Starters and leavers",
            volume_per_year=6_000, minutes_per_case=45, average_grade_cost=34_000,
        )),
        council.redesign(redesign.CandidateIdentified(
            candidate_id="CAN-HR-R1", process_id="PRC-HR-R1", team="HR", kind="digitise",
            title="Online starter forms", automation_potential_percent=30, ease=4,
        )),
    ]  # fmt: skip


async def _own_pipeline(workflow: RunningWorkflow) -> None:
    await _post(workflow, "/processes", {
        "process_id": "PRC-W-ICT-1", "function": "ICT", "name": "Laptop builds",
        "volume_per_year": 2_000, "minutes_per_case": 120, "average_grade_cost": 38_000,
    })  # fmt: skip
    await _post(workflow, "/candidates", {
        "candidate_id": "CAN-W-ICT-1", "process_id": "PRC-W-ICT-1", "kind": "automate",
        "title": "Zero-touch builds", "automation_potential_percent": 60, "ease": 3,
    })  # fmt: skip


async def _post(workflow: RunningWorkflow, path: str, body: dict[str, Any]) -> None:
    response = await workflow.client.post(path, json=body, headers=HR_STAFF)
    assert response.status_code in (200, 201), response.text


async def _until_caught_up(workflow: RunningWorkflow) -> None:
    """Until every gate is open and no consumer is behind where the log ended at start."""

    def done(response: httpx.Response) -> bool:
        status = response.json()
        opened = status["guard_ready"] and status["milestones_open"] and status["pipeline_ready"]
        return bool(opened) and set(status["behind"].values()) == {0}

    await workflow.until("/catch-up", done)


async def _snapshot(workflow: RunningWorkflow, timelines: dict[str, int]) -> dict[str, Any]:
    """Everything the tracker answers, once every post shows all its facts."""
    posts: dict[str, Any] = {}
    for post, count in sorted(timelines.items()):  # 404 until the tracker has seen the post
        timeline = await workflow.until(f"/posts/{post}/timeline", _with_facts(count))
        posts[post] = {"journey": await _get(workflow, f"/posts/{post}"), "timeline": timeline}
    await workflow.until(f"/savings/ICT?financial_year={YEAR}", lambda r: r.json()["target"] > 0)
    await workflow.until(  # the demo's, HR's and Workflow's own (the demo's 36 take longest)
        "/candidates?limit=5000", lambda r: len(r.json()["candidates"]) == 36 + 2, timeout=90
    )
    await workflow.until(
        "/processes", lambda r: any(p["process_id"] == "PRC-HR-R1" for p in r.json()["processes"])
    )
    await workflow.until("/consultations", _exercises_settled)
    paths = [
        "/posts?limit=1000", "/blocked", "/progress/departments", "/progress/teams",
        "/progress/functions", "/processes", "/candidates?limit=5000",
        f"/savings?financial_year={YEAR}", "/savings?financial_year=2025/26",
        "/consultations", "/consultations/CX-R1", "/consultations/CX-R2",
        "/benefits", "/golden-thread/teams/ICT", "/support-needs",
    ]  # fmt: skip
    return {"posts": posts, **{path: await _get(workflow, path) for path in paths}}


def _exercises_settled(response: httpx.Response) -> bool:
    found = {c["exercise_id"]: c for c in response.json()["consultations"]}
    first, second = found.get("CX-R1", {}), found.get("CX-R2", {})
    return first.get("questions_asked") == 2 and second.get("decision") is not None


def _with_facts(count: int) -> Callable[[httpx.Response], bool]:
    return lambda r: r.status_code == 200 and len(r.json()["events"]) == count


async def _get(workflow: RunningWorkflow, path: str) -> Any:
    response = await workflow.client.get(path)
    assert response.status_code == 200, response.text
    return response.json()


async def _on_topic(workflow: RunningWorkflow, logical: str, at_least: int) -> list[Any]:
    found = await read_topic(workflow.bootstrap, workflow.topic(logical), at_least=at_least)
    return sorted(
        (m["value"] for m in found), key=lambda e: (e["aggregate_id"], e["sequence"], e["event_id"])
    )


def _outbox_size(workflow: RunningWorkflow, *where: Any) -> int:
    engine = workflow.app.state.runtime.engine
    outbox = messaging.outbox
    query = select(func.count()).select_from(outbox).where(business(outbox), *where)
    with engine.connect() as connection:
        return int(connection.scalar(query) or 0)


def _sent(workflow: RunningWorkflow, topic_part: str) -> int:
    return _outbox_size(workflow, messaging.outbox.c.topic.contains(topic_part))


async def _until_sent(workflow: RunningWorkflow) -> None:
    async def unsent() -> int:
        return _outbox_size(workflow, messaging.outbox.c.sent_at.is_(None))

    await eventually_async(unsent, lambda count: count == 0, what="the relay sent the outbox")


def _posts_of(progress: dict[str, Any], function: str) -> int:
    entries = [e for e in progress["functions"] if e["function"] == function]
    return int(entries[0]["posts"]) if entries else 0
