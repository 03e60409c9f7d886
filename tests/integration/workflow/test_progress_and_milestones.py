"""Progress figures and once-only milestones from a function's posts moving."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from shared.events import hr
from tests.conftest import token_for
from tests.integration.workflow.conftest import RunningWorkflow
from tests.support.events import registered, whole_move
from tests.support.topics import read_topic

pytestmark = pytest.mark.kafka
START = date(2026, 5, 10)  # near the fake clock (1 June): no stage is over its limit


async def test_progress_counts_posts_by_stage_and_what_has_moved(
    workflow: RunningWorkflow,
) -> None:
    council = workflow.council
    moves = whole_move(council, "30001", "T-30001", START, "PROC", "CS", 40_000, 1.0)
    moves += whole_move(council, "30002", "T-30002", START, "PROC", "ASCH", 30_000, 0.5)
    waiting = whole_move(council, "30003", "T-30003", START, "PROC", "CS", 20_000, 1.0)[:2]
    await workflow.send(moves + waiting + [council.event(registered("30004", "ICT", "PLACE"))])
    await workflow.until("/progress/functions", lambda r: _all_seen(r.json()["functions"]))

    functions = (await workflow.client.get("/progress/functions")).json()["functions"]
    procurement = _entry(functions, "function", "PROC")
    assert procurement["posts"] == 3
    assert procurement["posts_by_stage"] == {"effective": 2, "proposed": 1}
    assert procurement["fte_moved"] == 1.5
    assert procurement["annual_cost_moved"] == 70_000
    assert procurement["budget_moved"] == 70_000
    assert procurement["percent_centralised"] == 66.7
    assert procurement["departments"]["CS"]["posts_moved"] == 1
    assert procurement["departments"]["ASCH"]["percent_centralised"] == 100.0

    departments = (await workflow.client.get("/progress/departments")).json()["departments"]
    cs = _entry(departments, "department", "CS")
    assert (cs["posts"], cs["posts_moved"], cs["annual_cost_moved"]) == (2, 1, 40_000)
    assert cs["name"] == "Children's Services"

    teams = (await workflow.client.get("/progress/teams")).json()["teams"]
    assert _entry(teams, "team", "PROC")["posts_moved"] == 2
    assert _entry(teams, "team", "ICT")["posts_by_stage"] == {"in_department": 1}

    # A CS lead's figures are of CS's posts only: no other department's breakdown or money.
    lead = {"Authorization": f"Bearer {token_for('department_lead', 'CS')}"}
    theirs = (await workflow.client.get("/progress/functions", headers=lead)).json()
    procurement = _entry(theirs["functions"], "function", "PROC")
    assert (procurement["posts"], procurement["annual_cost_moved"]) == (2, 40_000)
    assert list(procurement["departments"]) == ["CS"]
    theirs = (await workflow.client.get("/progress/teams", headers=lead)).json()["teams"]
    assert [team["team"] for team in theirs] == ["PROC"]
    assert _entry(theirs, "team", "PROC")["posts_moved"] == 1


async def test_team_centralised_is_published_once_when_every_post_of_a_function_has_moved(
    workflow: RunningWorkflow,
) -> None:
    council = workflow.council
    first = whole_move(council, "30011", "T-30011", START, "PPM", "CS")
    second = whole_move(council, "30012", "T-30012", START + timedelta(days=3), "PPM", "CST")
    # HR registers the establishment before moves start: TeamCentralised counts registered posts.
    await workflow.send([first[0], second[0]])
    await workflow.until("/posts/30012", lambda r: r.status_code == 200)
    await workflow.send(first[1:] + second[1:-2])
    await workflow.until("/posts/30011", lambda r: r.json().get("stage") == "effective")
    await workflow.send(second[-2:], twice=True)
    await workflow.until("/posts/30012", lambda r: r.json().get("budget_moved") is True)
    # Redeliver the lot, then a later fact on the last post to know they were all consumed.
    await workflow.send(first + second + [council.event(hr.PostUpdated(post_number="30012"))])
    await workflow.until(
        "/posts/30012/timeline", lambda r: len(r.json()["events"]) == len(second) + 1
    )
    milestones = await read_topic(
        workflow.bootstrap, workflow.topic("workflow.milestones"), at_least=3
    )
    kinds = sorted(m["value"]["event_type"] for m in milestones)
    assert kinds == ["PostMoveCompleted", "PostMoveCompleted", "TeamCentralised"]
    [team] = [m["value"] for m in milestones if m["value"]["event_type"] == "TeamCentralised"]
    assert team["payload"] == {
        "team": "PPM",
        "function": "PPM",
        "posts_moved": 2,
        "completed_on": str(START + timedelta(days=63)),
        "after_withdrawal_event_id": None,
    }

    # The first move was a mistake: HR rescinds it, and the announcement is corrected.
    moved_on = START + timedelta(days=60)
    mistake = hr.TransferRescinded(
        post_number="30011", transfer_id="T-30011", reason="a school's own project officer",
        decided_by="Director of HR", from_department="CS", target_team="PPM",
        effective_date=moved_on,
    )  # fmt: skip
    await workflow.send([council.event(mistake)], twice=True)
    milestones = await read_topic(
        workflow.bootstrap, workflow.topic("workflow.milestones"), at_least=5
    )
    published = [m["value"] for m in milestones]
    assert sorted(m["event_type"] for m in published) == [
        "PostMoveCompleted", "PostMoveCompleted", "PostMoveWithdrawn",
        "TeamCentralisationWithdrawn", "TeamCentralised",
    ]  # fmt: skip
    [withdrawn] = [m for m in published if m["event_type"] == "TeamCentralisationWithdrawn"]
    assert withdrawn["aggregate_id"] == "PPM"
    assert withdrawn["payload"]["corrects_event_id"] == team["event_id"]
    assert (withdrawn["payload"]["post_number"], withdrawn["payload"]["posts_to_move"]) == (
        "30011",
        1,
    )


def _all_seen(functions: list[dict[str, object]]) -> bool:
    # Posts' events sit on different partitions: wait until every one of them was applied.
    seen = {str(entry["function"]): entry for entry in functions}
    procurement = seen.get("PROC", {})
    return "ICT" in seen and (procurement.get("posts"), procurement.get("posts_moved")) == (3, 2)


def _entry(entries: list[dict[str, Any]], key: str, value: str) -> dict[str, Any]:
    return next(entry for entry in entries if entry[key] == value)
