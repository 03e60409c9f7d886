"""Finance publishes redesign events for its own processes on `finance.redesign`."""

from __future__ import annotations

import uuid

import pytest

from tests.integration.finance.conftest import RunningFinance
from tests.integration.finance.reading import events_of, types

pytestmark = [pytest.mark.kafka, pytest.mark.asyncio(loop_scope="session")]


async def test_a_candidate_goes_from_identified_to_delivered_and_each_step_is_published(
    finance: RunningFinance,
) -> None:
    client = finance.client
    process = f"PRC-FIN-T{uuid.uuid4().hex[:6]}"
    body = {
        "process_id": process,
        "name": "Supplier invoice processing",
        "volume_per_year": 60_000,
        "minutes_per_case": 6,
        "average_grade_cost": 36_000,
    }
    assert (await client.post("/processes", json=body)).status_code == 201
    review = await client.post(f"/processes/{process}/review", json={"started_on": "2026-09-01"})
    assert review.status_code == 201
    candidate = {
        "kind": "automate",
        "title": "Match invoices to orders automatically",
        "automation_potential_percent": 60,
        "ease": 4,
    }
    answer = await client.post(f"/processes/{process}/candidates", json=candidate)
    assert answer.status_code == 201, answer.text
    candidate_id = answer.json()["candidate_id"]

    too_early = await client.post(f"/candidates/{candidate_id}/approve")
    assert too_early.status_code == 409
    assert too_early.json()["detail"] == (
        f"candidate {candidate_id} is identified, so it cannot be approved"
    )
    steps = [
        ("assess", {"automation_potential_percent": 55, "ease": 4}),
        ("approve", None),
        ("start-delivery", None),
        (
            "deliver",
            {"realised_hours_saved_per_year": 3_000, "realised_money_saved_per_year": 60_000},
        ),
    ]
    for step, payload in steps:
        answer = await client.post(f"/candidates/{candidate_id}/{step}", json=payload)
        assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "delivered"

    topic = finance.topic("finance.redesign")
    assert types(await events_of(finance.bootstrap, topic, process, 2)) == [
        "ProcessRegistered",
        "ProcessReviewStarted",
    ]
    assert types(await events_of(finance.bootstrap, topic, candidate_id, 5)) == [
        "CandidateIdentified",
        "CandidateAssessed",
        "CandidateApproved",
        "CandidateDeliveryStarted",
        "CandidateDelivered",
    ]


async def test_a_candidate_for_an_unknown_process_is_refused(finance: RunningFinance) -> None:
    candidate = {"kind": "digitise", "title": "x", "automation_potential_percent": 10, "ease": 2}
    answer = await finance.client.post("/processes/PRC-NOPE/candidates", json=candidate)
    assert answer.status_code == 404
    assert answer.json()["detail"] == "there is no finance process PRC-NOPE"
