"""Events written to the real topics → the tracker's answers over the API."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from shared.events import finance, hr
from tests.conftest import token_for
from tests.integration.workflow.conftest import RunningWorkflow
from tests.support.events import corrected, proposed, registered, whole_move
from tests.support.topics import read_topic, write

pytestmark = pytest.mark.kafka
OPENED = date(2026, 5, 1)


async def test_a_posts_stage_timeline_and_blockers_come_from_the_topics(
    workflow: RunningWorkflow,
) -> None:
    council, ids = workflow.council, {"post_number": "20001", "transfer_id": "T-20001"}
    await workflow.send(
        [
            council.event(registered("20001"), OPENED),
            council.event(proposed("20001", "T-20001", date(2026, 9, 1)), OPENED),
            council.event(
                hr.ConsultationOpened(**ids, opened_on=OPENED, closes_by=date(2026, 5, 29)),
                OPENED + timedelta(days=1),
            ),
            council.event(
                finance.BudgetCheckFailed(
                    **ids,
                    cost_centre="CS-FIN-01",
                    reason_code="cost_centre_frozen",
                    reason="cost centre CS-FIN-01 is frozen",
                ),
                OPENED,
                "system",
            ),
        ]
    )
    journey = await workflow.until(
        "/posts/20001", lambda r: r.status_code == 200 and r.json()["budget_check"] == "failed"
    )
    assert journey["stage"] == "in_consultation"
    assert journey["department"] == "CS" and journey["target_team"] == "FIN"
    assert [b["code"] for b in journey["blockers"]] == [
        "budget_check_failed",
        "consultation_overdue",  # the fake clock says 1 June; it should have closed by 29 May
    ]
    assert "frozen" in journey["blockers"][0]["detail"]

    timeline = (await workflow.client.get("/posts/20001/timeline")).json()["events"]
    assert [e["event_type"] for e in timeline] == [
        "PostRegistered",
        "TransferProposed",
        "BudgetCheckFailed",
        "ConsultationOpened",
    ]
    assert timeline[0]["actor"] == {"id": "hr_staff-1", "role": "hr_staff"}
    assert timeline[2]["actor"] == {"id": "system-1", "role": "system"}
    assert timeline[1]["summary"] == "transfer to FIN proposed, effective 2026-09-01"
    assert all(e["occurred_at"] and e["recorded_at"] for e in timeline)

    blocked = (await workflow.client.get("/blocked")).json()["posts"]
    assert [post["post_number"] for post in blocked] == ["20001"]


async def test_a_move_completes_once_whichever_of_its_last_two_events_arrives_first(
    workflow: RunningWorkflow,
) -> None:
    start = date(2026, 5, 10)  # no stage of this move is over its limit on 1 June
    documents = whole_move(workflow.council, "20002", "T-20002", start, function="COMMS")
    *earlier, effective, budget_moved = documents
    # Budget moved is read before the transfer is effective, and everything is redelivered.
    await workflow.send([*earlier, budget_moved, effective], twice=True)
    await workflow.until("/posts/20002", lambda r: r.json().get("stage") == "effective")
    # A later fact on the same post (same partition) proves the redeliveries were consumed.
    again = workflow.council.event(hr.PostUpdated(post_number="20002", reason="regraded"))
    await workflow.send([*documents, again])
    await workflow.until(
        "/posts/20002/timeline", lambda r: len(r.json()["events"]) == len(documents) + 1
    )
    milestones = await read_topic(
        workflow.bootstrap, workflow.topic("workflow.milestones"), at_least=2
    )
    kinds = sorted(m["value"]["event_type"] for m in milestones)
    assert kinds == ["PostMoveCompleted", "TeamCentralised"]
    completed = next(m["value"] for m in milestones if m["key"] == "20002")
    assert completed["payload"]["transfer_id"] == "T-20002"
    assert completed["payload"]["annual_cost"] == 41_000
    assert completed["department"] == "CS" and completed["producer"] == "workflow"


async def test_unreadable_events_go_to_the_dead_letter_topic_and_consumption_goes_on(
    workflow: RunningWorkflow,
) -> None:
    # Keyed to another post: a dead letter parks later events of its own post.
    await write(workflow.bootstrap, [(workflow.topic("hr.posts"), "20903", b"{not json")])
    await workflow.send([workflow.council.event(registered("20003"))])
    await workflow.until("/posts/20003", lambda r: r.status_code == 200)
    on_topic = await read_topic(workflow.bootstrap, workflow.topic("workflow.dead-letters"))
    # Named by the consumer that set it aside, as its resolution will name it.
    [dead] = [m for m in on_topic if m["headers"]["x-consumer"] == "workflow.tracker"]
    assert dead["headers"]["x-dead-letter-code"] == "malformed_json"


async def test_an_event_that_contradicts_itself_is_a_dead_letter_never_a_post(
    workflow: RunningWorkflow,
) -> None:
    council = workflow.council
    zeros = {**council.event(registered("20904")), "hash": "0" * 64}
    posing = {**council.event(registered("20905")), "producer": "finance"}
    await workflow.send([zeros, posing, council.event(registered("20006"))])
    await workflow.until("/posts/20006", lambda r: r.status_code == 200)
    for forged in ("20904", "20905"):
        assert (await workflow.client.get(f"/posts/{forged}")).status_code == 404
    on_topic = await read_topic(
        workflow.bootstrap, workflow.topic("workflow.dead-letters"), at_least=2
    )
    codes = {m["key"]: m["headers"]["x-dead-letter-code"] for m in on_topic}
    assert codes == {"20904": "hash_mismatch", "20905": "wrong_producer"}


async def test_a_department_lead_sees_only_their_own_departments_posts(
    workflow: RunningWorkflow,
) -> None:
    council = workflow.council
    await workflow.send(
        [
            council.event(registered("20004", department="CS")),
            council.event(registered("20005", department="ASCH")),
        ]
    )
    await workflow.until("/posts/20005", lambda r: r.status_code == 200)
    lead = {"Authorization": f"Bearer {token_for('department_lead', 'CS', 'lead-cs')}"}
    assert (await workflow.client.get("/posts/20004", headers=lead)).status_code == 200
    refused = await workflow.client.get("/posts/20005", headers=lead)
    assert refused.status_code == 403
    assert "own department" in refused.json()["detail"]
    assert (await workflow.client.get("/posts?department=ASCH", headers=lead)).status_code == 403
    listed = (await workflow.client.get("/posts", headers=lead)).json()["posts"]
    assert {post["department"] for post in listed} == {"CS"}
    departments = (await workflow.client.get("/progress/departments", headers=lead)).json()
    assert [d["department"] for d in departments["departments"]] == ["CS"]


async def test_an_unsigned_caller_is_refused_and_an_unknown_post_is_not_found(
    workflow: RunningWorkflow,
) -> None:
    assert (await workflow.client.get("/posts/1", headers={"Authorization": ""})).status_code == 401
    missing = await workflow.client.get("/posts/99999999")
    assert missing.status_code == 404 and "not been seen" in missing.json()["detail"]


async def test_a_journey_as_of_a_date_differs_by_what_was_known_on_a_date(
    workflow: RunningWorkflow,
) -> None:
    """20901 moved on 1 April; on 15 April its registration's department was corrected."""
    council = workflow.council
    documents = whole_move(council, "20901", "T-20901", date(2026, 1, 31))
    fix = corrected("20901", documents[0]["event_id"], {"department": ("CS", "ASCH")})
    await workflow.send([*documents, council.event(fix, date(2026, 4, 15))])
    now = await workflow.until(
        "/posts/20901", lambda r: r.status_code == 200 and r.json()["department"] == "ASCH"
    )
    assert now["stage"] == "effective"
    april = {"as_of": "2026-04-01"}
    known = (await workflow.client.get("/posts/20901", params=april)).json()
    believed = (
        await workflow.client.get("/posts/20901", params={**april, "as_known_on": "2026-03-01"})
    ).json()
    assert (known["stage"], known["department"], known["as_known_on"]) == (
        "effective",
        "ASCH",
        None,
    )
    assert (believed["stage"], believed["department"]) == ("consultation_closed", "CS")
    early = await workflow.client.get("/posts/20901", params={"as_known_on": "2026-01-01"})
    assert early.status_code == 404
    timeline = await workflow.client.get(
        "/posts/20901/timeline", params={"as_known_on": "2026-03-01"}
    )
    assert "PostFactCorrected" not in [e["event_type"] for e in timeline.json()["events"]]
    progress = await workflow.client.get("/progress/functions", params=april)
    assert progress.status_code == 200 and progress.json()["functions"]
