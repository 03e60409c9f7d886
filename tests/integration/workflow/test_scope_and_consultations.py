"""Scope decisions and consultation exercises, written to the real topics as HR writes them:
progress by scope, TeamCentralised with a post agreed out of scope, functions already
central, the consultations API with leads' scope, and the leads' `consultations` feed."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest

from tests.conftest import token_for
from tests.integration.workflow.conftest import RunningWorkflow
from tests.support import consultation_events as build
from tests.support.events import registered, whole_move
from tests.support.topics import read_topic

pytestmark = pytest.mark.kafka
START = date(2026, 5, 10)  # near the fake clock (1 June): no stage is over its limit


def _lead(department: str) -> dict[str, str]:
    token = token_for("department_lead", department=department, user_id=f"lead-{department}")
    return {"Authorization": f"Bearer {token}"}


def _function(response: httpx.Response, code: str) -> dict[str, Any]:
    return next((f for f in response.json()["functions"] if f["function"] == code), {})


async def test_a_post_agreed_out_of_scope_no_longer_holds_back_team_centralised(
    workflow: RunningWorkflow,
) -> None:
    council = workflow.council
    first = whole_move(council, "70001", "T-70001", START, "PROC", "CS")
    second = whole_move(council, "70002", "T-70002", START, "PROC", "ASCH")
    staying = [registered("70003", "PROC", "PLACE"), build.scope("70003", "out_of_scope")]
    await workflow.send([first[0], second[0], *(council.event(p) for p in staying)])
    await workflow.until("/progress/functions", lambda r: _function(r, "PROC").get("posts") == 3)
    await workflow.send(first[1:] + second[1:])
    held = await workflow.until(
        "/progress/functions", lambda r: _function(r, "PROC").get("posts_moved") == 2
    )
    assert _function_of(held, "PROC")["percent_centralised"] == 66.7  # proposed, not agreed

    await workflow.send(
        [council.event(build.scope_agreed("70003", "out_of_scope"), role="department_lead")]
    )
    done = await workflow.until(
        "/progress/functions", lambda r: _function(r, "PROC").get("posts_out_of_scope") == 1
    )
    procurement = _function_of(done, "PROC")
    assert (procurement["posts_in_scope"], procurement["posts_undecided"]) == (2, 0)
    assert procurement["percent_centralised"] == 100.0
    assert procurement["departments"]["PLACE"]["posts_out_of_scope"] == 1
    milestones = await read_topic(
        workflow.bootstrap, workflow.topic("workflow.milestones"), at_least=3
    )
    [team] = [m["value"] for m in milestones if m["value"]["event_type"] == "TeamCentralised"]
    assert (team["payload"]["function"], team["payload"]["posts_moved"]) == ("PROC", 2)
    journey = (await workflow.client.get("/posts/70003")).json()
    assert (journey["scope"], journey["scope_response"]) == ("out_of_scope", "agreed")


async def test_hr_and_programme_posts_registered_in_their_central_team_show_100_percent(
    workflow: RunningWorkflow,
) -> None:
    council = workflow.council
    central = [
        registered(post, function, "CST").model_copy(update={"team": function})
        for post, function in (("71001", "HR"), ("71002", "HR"), ("71003", "PPM"))
    ]
    await workflow.send([council.event(payload) for payload in central])
    progress = await workflow.until(
        "/progress/functions", lambda r: _function(r, "PPM").get("posts") == 1
        and _function(r, "HR").get("posts") == 2,
    )  # fmt: skip
    for code in ("HR", "PPM"):
        figures = _function_of(progress, code)
        assert figures["percent_centralised"] == 100.0
        assert figures["posts_already_central"] == figures["posts_in_scope"] == figures["posts"]
    journey = (await workflow.client.get("/posts/71001")).json()
    assert (journey["already_central"], journey["team"]) == (True, "HR")


async def test_consultations_show_their_clock_and_evidence_and_leads_see_only_their_own(
    workflow: RunningWorkflow,
) -> None:
    council = workflow.council
    posts = [registered("72001", "FIN", "CS"), registered("72002", "FIN", "PLACE")]
    shared = [
        build.exercise_opened("CX-72-A", ["72001", "72002"], ["CS", "PLACE"]),
        build.document_shared("CX-72-A"),
        build.question_asked("CX-72-A", "Q1"),
        build.question_asked("CX-72-A", "Q2"),
        build.question_answered("CX-72-A", "Q1"),
    ]
    elsewhere = [
        build.exercise_opened("CX-72-B", ["72003"], ["ASCH"]),
        build.exercise_closed("CX-72-B", "not_agreed"),
        build.decision_recorded("CX-72-B", "withdraw"),
    ]
    await workflow.send([council.event(p) for p in posts + shared + elsewhere])
    listed = await workflow.until("/consultations", lambda r: _settled(r.json()))
    assert [c["exercise_id"] for c in listed["consultations"]] == ["CX-72-A", "CX-72-B"]
    open_one, closed = listed["consultations"]
    assert (open_one["status"], open_one["posts_count"], open_one["departments"]) == (
        "open", 2, ["CS", "PLACE"],
    )  # fmt: skip
    assert open_one["clock"]["earliest_close"] == "2026-05-31"
    assert open_one["clock"]["days_left"] == 0  # the fake clock is 1 June: due
    assert (open_one["questions_asked"], open_one["questions_unanswered"]) == (2, 1)
    assert (closed["outcome"], closed["decision"]) == ("not_agreed", "withdraw")

    as_cs = await workflow.client.get("/consultations", headers=_lead("CS"))
    assert [c["exercise_id"] for c in as_cs.json()["consultations"]] == ["CX-72-A"]
    refused = await workflow.client.get("/consultations/CX-72-A", headers=_lead("ASCH"))
    assert refused.status_code == 403
    assert "their own department (ASCH)" in refused.json()["detail"]
    other = await workflow.client.get("/consultations?department=PLACE", headers=_lead("CS"))
    assert other.status_code == 403

    detail = (await workflow.client.get("/consultations/CX-72-A", headers=_lead("CS"))).json()
    assert [p["post_number"] for p in detail["posts"]] == ["72001"]  # not PLACE's post
    assert detail["representatives"] == build.UNIONS
    assert [d["version"] for d in detail["documents"]] == ["1.0"]
    assert [q["answer"] is None for q in detail["questions"]] == [False, True]
    assert [e["event_type"] for e in detail["timeline"]] == [
        "ConsultationExerciseOpened", "ConsultationDocumentShared", "ConsultationQuestionAsked",
        "ConsultationQuestionAsked", "ConsultationQuestionAnswered",
    ]  # fmt: skip
    as_auditor = (await workflow.client.get("/consultations/CX-72-A")).json()
    assert len(as_auditor["posts"]) == 2
    missing = await workflow.client.get("/consultations/CX-NONE")
    assert missing.status_code == 404


async def test_exercise_and_scope_events_reach_the_feeds_of_the_departments_they_concern(
    workflow: RunningWorkflow,
) -> None:
    council = workflow.council
    events = [
        registered("73001", "ICT", "PLACE"),
        build.scope("73001", "under_review", "the role may move with the service review"),
        build.exercise_opened("CX-73", ["73001", "73002"], ["PLACE", "ASCH"]),
        build.question_asked("CX-73"),
    ]
    await workflow.send([council.event(p) for p in events])
    feed = await workflow.until(
        "/feed?kinds=consultations&limit=100",
        lambda r: len(r.json().get("items", [])) == 2,
        token=token_for("department_lead", department="ASCH", user_id="lead-ASCH"),
    )
    assert [i["event_type"] for i in feed["items"]] == [
        "ConsultationExerciseOpened", "ConsultationQuestionAsked",
    ]  # fmt: skip
    assert feed["items"][1]["summary"] == "question Q1 asked by representative of UNISON"
    place = await workflow.until(
        "/feed?kinds=posts&limit=100",
        lambda r: len(r.json().get("items", [])) == 2,
        token=token_for("department_lead", department="PLACE", user_id="lead-PLACE"),
    )
    assert [i["event_type"] for i in place["items"]] == ["PostRegistered", "PostScopeProposed"]


def _settled(body: dict[str, Any]) -> bool:
    found = {c["exercise_id"]: c for c in body.get("consultations", [])}
    a, b = found.get("CX-72-A", {}), found.get("CX-72-B", {})
    return a.get("questions_unanswered") == 1 and b.get("decision") == "withdraw"


def _function_of(progress: dict[str, Any], code: str) -> dict[str, Any]:
    return next(f for f in progress["functions"] if f["function"] == code)
