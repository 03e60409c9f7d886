"""Separation of duties and approval limits through HR's API on the real broker, and the
audit's controls finding the same violations in a log HR wrote with the policy off."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from shared.events.topics import EVENT_TOPICS, physical
from shared.kafka.provisioning import ensure_topics
from tests.conftest import token_for
from tests.integration.hr.conftest import RunningHr, StartHr
from tests.integration.hr.support import audit_report, publish_budget_verdict, wait_for
from tests.support.posts import a_post
from tests.support.topics import read_until

pytestmark = pytest.mark.kafka
POLICY = {"approval_separation_of_duties": True, "approval_senior_above": 60_000,
          "approval_bulk_senior_above": 100_000}  # fmt: skip
OFFICER_B = {"Authorization": f"Bearer {token_for('hr_staff', user_id='hr-officer-2')}"}
MANAGER = {"Authorization": f"Bearer {token_for('hr_manager', user_id='hr-manager-1')}"}


async def _ready_to_approve(running: RunningHr, post: str, cost: int) -> None:
    """Registered, proposed by hr-officer-1 (the client), consulted, budget check passed."""
    hr = running.client
    assert (await hr.post("/posts", json=a_post(post, annual_cost=cost))).status_code == 201
    proposal = {"effective_date": "2027-04-01", "reason": "Centralise"}
    answer = await hr.post(f"/posts/{post}/transfer", json=proposal)
    assert answer.status_code == 201, answer.text
    steps = (("open", {"closes_by": "2027-02-28"}), ("close", {"outcome": "agreed"}))
    for step, body in steps:
        done = await hr.post(f"/posts/{post}/transfer/consultation/{step}", json=body)
        assert done.status_code == 200, done.text
    transfer_id = answer.json()["transfer_id"]
    await publish_budget_verdict(running.bootstrap, running.prefix, post, transfer_id, True)
    await wait_for(hr, f"/posts/{post}/transfer", "budget_check", "passed")


async def _approve(hr: httpx.AsyncClient, post: str, headers: dict[str, str]) -> httpx.Response:
    return await hr.post(f"/posts/{post}/transfer/approve", headers=headers)


async def test_the_proposer_may_not_approve_and_above_the_limits_only_an_hr_manager_may(
    start_hr: StartHr,
) -> None:
    async with start_hr(**POLICY) as running:
        hr = running.client
        await _ready_to_approve(running, "61001", 41_000)
        await _ready_to_approve(running, "61002", 72_500)

        own = await _approve(hr, "61001", {})  # hr-officer-1 proposed it
        assert own.status_code == 403
        assert "you proposed post 61001's transfer, so another officer" in own.json()["detail"]
        costly = await _approve(hr, "61002", OFFICER_B)
        assert costly.status_code == 403
        assert "costs £72,500 a year, above the £60,000 approval limit" in costly.json()["detail"]
        both = {"action": "approve", "post_numbers": ["61001", "61002"]}
        bulk = await hr.post(
            "/bulk/transfers", json=both, headers={**OFFICER_B, "Idempotency-Key": "b1"}
        )
        assert bulk.status_code == 403
        assert "cost £113,500 a year together, above the £100,000" in bulk.json()["detail"]
        assert (await hr.get("/posts/61001/transfer")).json()["stage"] == "consultation_closed"

        assert (await _approve(hr, "61001", OFFICER_B)).status_code == 200
        assert (await _approve(hr, "61002", MANAGER)).status_code == 200


async def test_the_audit_finds_what_hr_let_through_with_the_policy_switched_off(
    running_hr: RunningHr, tmp_path: Path
) -> None:
    await ensure_topics(
        running_hr.bootstrap, [physical(t, running_hr.prefix) for t in EVENT_TOPICS], 3
    )
    await _ready_to_approve(running_hr, "61003", 72_500)
    assert (await _approve(running_hr.client, "61003", {})).status_code == 200

    def approved(messages: list[dict[str, Any]]) -> bool:
        return any(m["value"]["event_type"] == "TransferApproved" for m in messages)

    await read_until(running_hr.bootstrap, f"{running_hr.prefix}hr.posts", approved)
    report = await asyncio.to_thread(
        audit_report, running_hr.bootstrap, running_hr.prefix, tmp_path,
        "--consultation-minimum-days", "0",
    )  # fmt: skip
    found = sorted((f["rule"], f["aggregate"]) for f in report["findings"])
    assert found == [
        ("approved_above_limit_without_hr_manager", "post/61003"),
        ("approved_by_its_proposer", "post/61003"),
    ]
    own = next(f for f in report["findings"] if f["rule"] == "approved_by_its_proposer")
    assert "approved by the same officer, hr-officer-1" in own["message"]
