"""One transfer's whole life through HR's API, against the real Kafka: Finance's verdict
read from `finance.budgets`, the scheduler firing it, every fact on `hr.posts` in order."""

from __future__ import annotations

import httpx
import pytest

from tests.integration.hr.conftest import RunningHr, StartHr
from tests.integration.hr.support import (
    assert_stream_is_whole,
    post_streams,
    publish_budget_verdict,
    wait_for,
)
from tests.support.posts import a_post

pytestmark = pytest.mark.kafka


async def test_a_transfer_goes_from_proposal_to_effective_with_every_fact_on_the_topic(
    running_hr: RunningHr,
) -> None:
    hr = running_hr.client
    assert (await hr.post("/posts", json=a_post("10423"))).status_code == 201
    proposal = {
        "target_team": "Central Finance",
        "effective_date": "2027-06-01",
        "reason": "One Council Support Functions",
    }
    answer = await hr.post("/posts/10423/transfer", json=proposal)
    assert answer.status_code == 201, answer.text
    transfer_id = answer.json()["transfer_id"]

    again = await hr.post("/posts/10423/transfer", json=proposal)
    assert again.status_code == 409
    assert again.json()["detail"] == (
        "post 10423 already has a transfer proposed to Central Finance"
    )
    moved = await hr.post(
        "/posts/10423/transfer/effective-date",
        json={"effective_date": "2027-01-10", "reason": "sooner"},
    )
    assert moved.status_code == 200, moved.text
    opened = await hr.post(
        "/posts/10423/transfer/consultation/open", json={"closes_by": "2027-02-15"}
    )
    assert opened.json()["stage"] == "in_consultation"
    early = await hr.post("/posts/10423/transfer/approve")
    assert early.status_code == 409
    assert "its consultation has not closed" in early.json()["detail"]
    closed = await hr.post(
        "/posts/10423/transfer/consultation/close",
        json={"outcome": "agreed", "notes": "staff content"},
    )
    assert closed.json()["stage"] == "consultation_closed"
    waiting = await hr.post("/posts/10423/transfer/approve")
    assert waiting.status_code == 409
    assert "Finance's budget check has not come back" in waiting.json()["detail"]

    await publish_budget_verdict(
        running_hr.bootstrap, running_hr.prefix, "10423", transfer_id, passed=True
    )
    await wait_for(hr, "/posts/10423/transfer", "budget_check", "passed")
    approved = await hr.post("/posts/10423/transfer/approve")
    assert approved.status_code == 200, approved.text

    # The effective date (10 Jan) is before HR's today (15 Jan): the scheduler fires it.
    effective = await wait_for(hr, "/posts/10423", "stage", "effective")
    assert effective["team"] == "FIN"

    streams = await post_streams(running_hr.bootstrap, f"{running_hr.prefix}hr.posts", 7)
    events = streams["10423"]
    assert [e["event_type"] for e in events] == [
        "PostRegistered",
        "TransferProposed",
        "EffectiveDateChanged",
        "ConsultationOpened",
        "ConsultationClosed",
        "TransferApproved",
        "TransferEffective",
    ]
    assert_stream_is_whole(events)
    assert {e["department"] for e in events} == {"CS"}
    assert [e["effective_date"] for e in events[3:]] == ["2027-01-10"] * 4
    assert events[-1]["actor"] == {"id": "system", "role": "system", "department": None}
    assert events[1]["actor"]["id"] == "hr-officer-1"
    assert all("Jo Bloggs" not in str(e) for e in events), "personal data stays in HR"


async def test_a_failed_budget_check_blocks_approval_with_finances_reason(
    running_hr: RunningHr,
) -> None:
    hr = running_hr.client
    transfer_id = await _consulted(hr, "20001", effective="2027-06-01", closes_by="2027-02-15")
    await publish_budget_verdict(
        running_hr.bootstrap,
        running_hr.prefix,
        "20001",
        transfer_id,
        passed=False,
        reason="cost centre CS-FIN-01 is frozen",
    )
    await wait_for(hr, "/posts/20001/transfer", "budget_check", "failed")
    refused = await hr.post("/posts/20001/transfer/approve")
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "cannot approve post 20001's transfer: the budget check failed "
        "(cost centre CS-FIN-01 is frozen)"
    )


async def test_hr_staff_can_fire_due_transfers_themselves(start_hr: StartHr) -> None:
    async with start_hr(scheduler_interval_s=3600) as running:
        hr = running.client
        transfer_id = await _consulted(hr, "30001", effective="2027-03-01", closes_by="2027-01-20")
        await publish_budget_verdict(running.bootstrap, running.prefix, "30001", transfer_id, True)
        await wait_for(hr, "/posts/30001/transfer", "budget_check", "passed")
        await hr.post("/posts/30001/transfer/approve")

        too_soon = await hr.post("/posts/30001/transfer/take-effect")
        assert too_soon.status_code == 409
        assert "before its effective date, 01 March 2027" in too_soon.json()["detail"]
        nothing_due = (await hr.post("/transfers/take-effect-due")).json()
        assert nothing_due["totals"]["rows"] == 0

        running.hr.clock.set(running.hr.clock.today().replace(month=3, day=2))
        fired = (await hr.post("/transfers/take-effect-due")).json()
        assert fired["totals"] == {"rows": 1, "done": 1, "refused": 0, "error": 0}
        assert (await hr.get("/posts/30001")).json()["stage"] == "effective"


async def _consulted(hr: httpx.AsyncClient, number: str, effective: str, closes_by: str) -> str:
    """Register the sample post, propose its transfer and consult on it; the transfer's id."""
    assert (await hr.post("/posts", json=a_post(number))).status_code == 201
    proposal = {"effective_date": effective, "reason": "centralise"}
    proposed = await hr.post(f"/posts/{number}/transfer", json=proposal)
    assert proposed.status_code == 201, proposed.text
    steps = {"open": {"closes_by": closes_by}, "close": {"outcome": "agreed"}}
    for step, body in steps.items():
        answer = await hr.post(f"/posts/{number}/transfer/consultation/{step}", json=body)
        assert answer.status_code == 200, answer.text
    return str(proposed.json()["transfer_id"])
