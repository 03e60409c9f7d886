"""Consultation exercises and scope decisions through HR's API, against the real Kafka:
each new event on its topic, keyed by its aggregate, with the council's 30-day policy."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.integration.hr.conftest import RunningHr, StartHr
from tests.integration.hr.support import publish_budget_verdict, wait_for
from tests.support.posts import a_post
from tests.support.topics import read_topic

pytestmark = pytest.mark.kafka

PROPOSAL = {"effective_date": "2027-06-01", "reason": "One Council Support Functions"}


async def _register_and_propose(running: RunningHr, number: str, **changes: Any) -> None:
    hr = running.client
    assert (await hr.post("/posts", json=a_post(number, **changes))).status_code == 201
    answer = await hr.post(f"/posts/{number}/transfer", json=PROPOSAL)
    assert answer.status_code == 201, answer.text


def _events(messages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(m["key"], m["value"]["event_type"]) for m in messages]


async def test_an_exercise_publishes_each_fact_on_hr_consultations_keyed_by_its_id(
    start_hr: StartHr,
) -> None:
    async with start_hr(consultation_minimum_days=30) as running:
        hr = running.client
        for number in ("41001", "41002"):
            await _register_and_propose(running, number)
        opening = {
            "purpose": "Move finance officers into Central Finance",
            "post_numbers": ["41001", "41002"],
            "proposed_close": "2027-02-14",
            "representatives": ["UNISON"],
            "at_risk_post_numbers": ["41002"],
        }
        opened = await hr.post("/consultation-exercises", json=opening)
        assert opened.status_code == 201, opened.text
        exercise = opened.json()
        cx = exercise["exercise_id"]
        assert exercise["clock"]["earliest_close"] == "2027-02-14"
        assert exercise["clock"]["days_left"] == 30
        again = await hr.post(
            "/consultation-exercises", json={**opening, "at_risk_post_numbers": []}
        )
        assert again.status_code == 409
        assert "post 41001 is already consulted on in open exercise" in again.json()["detail"]

        document = {"title": "Business case", "version": "1.0", "link": "https://intranet/case"}
        assert (
            await hr.post(f"/consultation-exercises/{cx}/documents", json=document)
        ).status_code == 200
        question = {"asked_by": "representative of UNISON", "question": "Will grades change?"}
        asked = await hr.post(f"/consultation-exercises/{cx}/questions", json=question)
        question_id = asked.json()["questions"][0]["question_id"]
        answer_url = f"/consultation-exercises/{cx}/questions/{question_id}/answer"
        assert (await hr.post(answer_url, json={"answer": "No."})).status_code == 200
        twice = await hr.post(answer_url, json={"answer": "Still no."})
        assert twice.status_code == 409 and "was answered on" in twice.json()["detail"]
        extension = {"proposed_close": "2027-02-21", "reason": "Representatives asked for time"}
        assert (
            await hr.post(f"/consultation-exercises/{cx}/extend", json=extension)
        ).status_code == 200

        early = await hr.post(f"/consultation-exercises/{cx}/close", json={"outcome": "not_agreed"})
        assert early.status_code == 409
        assert "may close on or after 14 February 2027" in early.json()["detail"]
        running.app.state.hr.clock.set(date(2027, 2, 21))
        closed = await hr.post(
            f"/consultation-exercises/{cx}/close", json={"outcome": "not_agreed"}
        )
        assert closed.status_code == 200, closed.text
        transfer_id = (await hr.get("/posts/41001/transfer")).json()["transfer_id"]
        await publish_budget_verdict(
            running.bootstrap, running.prefix, "41001", transfer_id, passed=True
        )
        await wait_for(hr, "/posts/41001/transfer", "budget_check", "passed")
        blocked = await hr.post("/posts/41001/transfer/approve")
        assert blocked.status_code == 409 and "recorded no decision" in blocked.json()["detail"]
        decision = {"decision": "proceed", "reason": "The business case stands"}
        assert (
            await hr.post(f"/consultation-exercises/{cx}/decision", json=decision)
        ).status_code == 200
        assert (await hr.post("/posts/41001/transfer/approve")).status_code == 200

        consultations = await read_topic(
            running.bootstrap, f"{running.prefix}hr.consultations", at_least=7
        )
        assert _events(consultations) == [
            (cx, "ConsultationExerciseOpened"),
            (cx, "ConsultationDocumentShared"),
            (cx, "ConsultationQuestionAsked"),
            (cx, "ConsultationQuestionAnswered"),
            (cx, "ConsultationExtended"),
            (cx, "ConsultationExerciseClosed"),
            (cx, "ConsultationDecisionRecorded"),
        ]
        posts = await read_topic(running.bootstrap, f"{running.prefix}hr.posts", at_least=8)
        consulted = [
            (m["key"], m["value"]["event_type"], m["value"]["payload"]["exercise_id"])
            for m in posts
            if m["value"]["event_type"].startswith("Consultation")
        ]
        assert sorted(consulted) == [
            ("41001", "ConsultationClosed", cx),
            ("41001", "ConsultationOpened", cx),
            ("41002", "ConsultationClosed", cx),
            ("41002", "ConsultationOpened", cx),
        ]


async def test_scope_is_proposed_by_hr_and_answered_only_by_the_posts_own_lead(
    running_hr: RunningHr,
) -> None:
    hr = running_hr.client
    assert (await hr.post("/posts", json=a_post("42001"))).status_code == 201
    proposal = {"status": "out_of_scope", "reason": "Funded by the schools' budget"}
    assert (await hr.post("/posts/42001/scope", json=proposal)).status_code == 200
    response = {"response": "agreed", "reason": ""}
    url = "/posts/42001/scope/response"
    by_hr = await hr.post(url, json=response)
    assert by_hr.status_code == 403
    other = await hr.post(
        url, json=response, headers=running_hr.as_role("department_lead", "PLACE")
    )
    assert other.status_code == 403
    assert "only that department's lead may agree" in other.json()["detail"]
    own = await hr.post(url, json=response, headers=running_hr.as_role("department_lead", "CS"))
    assert own.status_code == 200, own.text
    refused = await hr.post("/posts/42001/transfer", json=PROPOSAL)
    assert refused.status_code == 409 and "out of the programme's scope" in refused.json()["detail"]
    scope = (await hr.get("/posts/42001/scope")).json()
    assert (scope["status"], scope["response"]) == ("out_of_scope", "agreed")

    posts = await read_topic(running_hr.bootstrap, f"{running_hr.prefix}hr.posts", at_least=3)
    assert _events(posts) == [
        ("42001", "PostRegistered"),
        ("42001", "PostScopeProposed"),
        ("42001", "PostScopeAgreed"),
    ]


async def test_a_transfers_own_consultation_follows_the_policy_clock(start_hr: StartHr) -> None:
    async with start_hr(consultation_minimum_days=30) as running:
        hr = running.client
        await _register_and_propose(running, "43001")
        url = "/posts/43001/transfer/consultation"
        short = await hr.post(f"{url}/open", json={"closes_by": "2027-01-20"})
        assert short.status_code == 409
        assert "may close on or after 14 February 2027" in short.json()["detail"]
        opened = await hr.post(f"{url}/open", json={"closes_by": "2027-02-14"})
        assert opened.status_code == 200, opened.text
        early = await hr.post(f"{url}/close", json={"outcome": "agreed"})
        assert early.status_code == 409
        assert (
            "the council's consultation policy requires at least 30 days" in early.json()["detail"]
        )
        assert "may close on or after 14 February 2027" in early.json()["detail"]
        future = await hr.post(
            f"{url}/close", json={"outcome": "agreed", "closed_on": "2027-03-01"}
        )
        assert future.status_code == 409 and "after today" in future.json()["detail"]
        running.app.state.hr.clock.set(date(2027, 2, 14))
        assert (await hr.post(f"{url}/close", json={"outcome": "agreed"})).status_code == 200
        # The transfer's own consultation is an exercise of its one post.
        exercise = await read_topic(
            running.bootstrap, f"{running.prefix}hr.consultations", at_least=2
        )
        assert [m["value"]["event_type"] for m in exercise] == [
            "ConsultationExerciseOpened",
            "ConsultationExerciseClosed",
        ]
        assert exercise[0]["value"]["payload"]["post_numbers"] == ["43001"]


async def test_a_post_registered_as_already_central_reads_back_in_its_team(
    running_hr: RunningHr,
) -> None:
    hr = running_hr.client
    post = a_post("44001", function="HR", team="Central HR")
    assert (await hr.post("/posts", json=post)).status_code == 201
    assert (await hr.get("/posts/44001")).json()["team"] == "HR"
    unknown = await hr.post("/posts", json=a_post("44002", team="Nowhere"))
    assert unknown.status_code == 422 and "is not a central team" in unknown.text
