"""A delivered Finance candidate ends the posts it claims, on the real broker: HR disestablishes
the vacant one directly and the filled one after it was put at risk and consulted on; Finance
gives each post's budget up from Central Finance's line as the candidate's saving; Workflow
counts them out of the establishment and shows them on the candidate's golden thread, which
the auditor's replay answers the same from the log alone."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import httpx
import pytest

from tests.integration.finance.conftest import RunningFinance
from tests.integration.workflow.conftest import RunningWorkflow
from tests.integration.workflow.three_services import (
    FINANCE_STAFF,
    HR_STAFF,
    TODAY,
    call,
    central_line,
    delivered_candidate,
    disestablished,
    finance,
    hr,
    the_log_answers_as_workflow,
)
from tests.support.posts import a_post
from tests.support.waiting import eventually_async

pytestmark = [pytest.mark.kafka, pytest.mark.asyncio(loop_scope="session")]
__all__ = ["finance", "hr"]  # the fixtures this module's tests use


async def test_a_delivered_candidate_ends_its_posts_and_their_budget_is_its_saving(
    workflow: RunningWorkflow, hr: httpx.AsyncClient, finance: RunningFinance, tmp_path: Path
) -> None:
    base = 700_000 + uuid.uuid4().int % 99_000
    filled, vacant = str(base), str(base + 1)
    central = {"team": "FIN", "cost_centre": "CEN-FIN-01", "department": "CST"}
    await call(hr, "/posts", a_post(filled, **central, annual_cost=30_000), HR_STAFF, 201)
    vacant_post = a_post(vacant, **central, annual_cost=26_000, employee_ref=None)
    await call(hr, "/posts", vacant_post, HR_STAFF, 201)
    await central_line(finance, "FIN")
    candidate = await delivered_candidate(finance.client, [filled, vacant])

    async def disestablish(post: str) -> httpx.Response:
        return await disestablished(hr, post, candidate)

    # HR learns of the delivery from `finance.redesign`; until then it refuses, saying why.
    done = await eventually_async(lambda: disestablish(vacant), lambda r: r.status_code == 200,
                                  what="the vacant post disestablished")  # fmt: skip
    assert done.json()["disestablished_on"] == "2026-09-30"
    refused = await disestablish(filled)
    assert refused.status_code == 409 and "is filled: it must be marked at risk" in refused.text
    at_risk = {"candidate_id": candidate, "planned_end": "2026-09-30",
               "reason": "invoice matching is now automatic"}  # fmt: skip
    await call(hr, f"/posts/{filled}/at-risk", at_risk, HR_STAFF, 200)
    exercise = await call(hr, "/consultation-exercises", {
        "purpose": "End the invoice clerk post", "post_numbers": [filled],
        "proposed_close": TODAY.isoformat(), "representatives": ["UNISON"],
    }, HR_STAFF, 201)  # fmt: skip
    closing = f"/consultation-exercises/{exercise['exercise_id']}/close"
    await call(hr, closing, {"outcome": "agreed"}, HR_STAFF, 200)
    assert (await disestablish(filled)).status_code == 200
    assert (await disestablish(filled)).status_code == 409  # once only

    lines = await eventually_async(
        lambda: finance.client.get("/budget-lines", headers=FINANCE_STAFF),
        lambda r: any(row["reduced"] == 56_000 for row in r.json()), what="line reduced",
    )  # fmt: skip
    assert [r["cost_centre"] for r in lines.json() if r["reduced"] == 56_000] == ["CEN-FIN-01"]
    thread = await workflow.until(
        f"/golden-thread/candidates/{candidate}",
        lambda r: r.status_code == 200 and r.json()["budget_reduced"] == 56_000,
    )
    kinds = [event["event_type"] for event in thread["events"]]
    assert kinds.count("PostDisestablished") == 2 and "PostMarkedAtRisk" in kinds
    assert thread["realised_booked"] == thread["budget_reduced"] == 56_000
    savings = await workflow.until("/savings/FIN", lambda r: r.json()["budget_reduced"] >= 56_000)
    assert savings["realised"] == savings["budget_reduced"] == 56_000
    teams = (await workflow.client.get("/progress/teams")).json()["teams"]
    fin = next(team for team in teams if team["team"] == "FIN")
    assert (fin["posts_disestablished"], fin["annual_cost_disestablished"]) == (2, 56_000)
    await _released_fte_is_shown_with_the_posts_ended(workflow, candidate, filled)
    for subject, path in ((f"candidate:{candidate}", f"/golden-thread/candidates/{candidate}"),
                          ("team:FIN", "/golden-thread/teams/FIN"),
                          (f"post:{vacant}", f"/golden-thread/posts/{vacant}")):  # fmt: skip
        replayed = await the_log_answers_as_workflow(workflow, subject, path, tmp_path)
        assert replayed["budget_reduced"] == replayed["realised_booked"] == 56_000
    # The same replay holds HR to consulting on the filled post before it ended.
    report = json.loads((tmp_path / "report.json").read_text())
    assert "filled_post_ended_without_consultation" in report["checks"]
    assert not [f for f in report["findings"] if f["rule"].startswith("filled_post")]


async def _released_fte_is_shown_with_the_posts_ended(
    workflow: RunningWorkflow, candidate: str, ended_post: str
) -> None:
    """The candidate's benefit case, then FTE released from its team: the ended posts' 2 FTE
    and the 0.5 recorded are one figure in the register, `/savings` and the golden thread."""
    case = {"owner_role": "Head of Central Finance", "baseline_measure": "invoice hours",
            "baseline_value": 9_000, "baseline_date": "2026-04-01", "one_off_cost": 40_000,
            "profile": [{"financial_year": "2026/27", "cashable_money": 56_000}]}  # fmt: skip
    put = await workflow.client.put(f"/candidates/{candidate}/benefits", json=case,
                                    headers=FINANCE_STAFF)  # fmt: skip
    assert put.status_code == 200, put.text
    path = f"/candidates/{candidate}/benefits/fte-released"
    twice = {"released_on": "2026-10-01", "fte": 0.5, "post_number": ended_post}
    refused = await workflow.client.post(path, json=twice, headers=FINANCE_STAFF)
    assert refused.status_code == 409 and "its whole FTE was released with it" in refused.text
    team = {"released_on": "2026-10-01", "fte": 0.5, "note": "queries handled in the team"}
    answer = await workflow.client.post(path, json=team, headers=FINANCE_STAFF)
    assert answer.status_code == 201, answer.text
    assert answer.json()["fte_released"] == 2.5
    assert answer.json()["fte_released_by_year"] == {"2026/27": 2.5}
    savings = await workflow.until("/savings/FIN", lambda r: r.json()["fte_released"] == 2.5)
    assert savings["realised"] == savings["budget_reduced"]
    thread = await workflow.until(
        f"/golden-thread/candidates/{candidate}", lambda r: r.json()["fte_released"] == 2.5
    )
    assert "FteReleased" in [event["event_type"] for event in thread["events"]]
