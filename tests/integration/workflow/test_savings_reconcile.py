"""Savings that add up, on the real broker: from an HR process and a Finance process registered
to their candidates delivered, posts disestablished and a further saving given up by Finance,
the realised savings equal the budget reductions for each team and year in Workflow's
`/savings`, Finance's `/savings` and budget lines, and the auditor's replay of the log."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

from tests.integration.finance.conftest import RunningFinance
from tests.integration.workflow.conftest import RunningWorkflow
from tests.integration.workflow.three_services import (
    FINANCE_STAFF,
    HR_STAFF,
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
YEAR = "2026/27"
EXPECTED = {"FIN": 26_000 + 5_000, "HR": 24_000}  # posts' costs, and Finance's own booking


async def test_realised_savings_equal_budget_reductions_per_team_and_year_everywhere(
    workflow: RunningWorkflow, hr: httpx.AsyncClient, finance: RunningFinance, tmp_path: Path
) -> None:
    base = 800_000 + uuid.uuid4().int % 99_000
    posts = {"FIN": (str(base), 26_000), "HR": (str(base + 1), 24_000)}
    candidates: dict[str, str] = {}
    for team, (number, cost) in posts.items():
        central = {"team": team, "function": team, "cost_centre": f"CEN-{team}-01",
                   "department": "CST", "annual_cost": cost, "employee_ref": None}  # fmt: skip
        await call(hr, "/posts", a_post(number, **central), HR_STAFF, 201)
        await central_line(finance, team)
    candidates["FIN"] = await delivered_candidate(finance.client, [posts["FIN"][0]])
    candidates["HR"] = await delivered_candidate(
        hr, [posts["HR"][0]], HR_STAFF, "Recruitment administration"
    )
    for team, (number, _) in posts.items():
        await eventually_async(
            lambda n=number, t=team: disestablished(hr, n, candidates[t]),
            lambda r: r.status_code == 200, what=f"post {number} disestablished",
        )  # fmt: skip
    booking = {"team": "FIN", "financial_year": YEAR, "amount": 5_000, "reduce_budget": True,
               "candidate_id": candidates["FIN"], "description": "licences given up"}  # fmt: skip
    await call(finance.client, "/savings/realised", booking, FINANCE_STAFF, 201)

    ours = f"/savings?financial_year={YEAR}"
    report = await workflow.until(
        ours, lambda r: r.json()["programme"]["budget_reduced"] == sum(EXPECTED.values())
    )
    teams = {row["team"]: row for row in report["teams"]}
    for team, amount in EXPECTED.items():
        assert teams[team]["realised"] == teams[team]["budget_reduced"] == amount
    assert report["programme"]["realised"] == report["programme"]["budget_reduced"]

    books = (await finance.client.get("/savings", headers=FINANCE_STAFF)).json()
    booked = {row["team"]: row for row in books if row["financial_year"] == YEAR}
    lines = (await finance.client.get("/budget-lines", headers=FINANCE_STAFF)).json()
    reduced = {row["cost_centre"]: row["reduced"] for row in lines}
    for team, amount in EXPECTED.items():
        assert booked[team]["realised"] == booked[team]["budget_reduced"] == amount
        assert reduced[f"CEN-{team}-01"] == amount
        path = f"/golden-thread/teams/{team}"
        replayed = await the_log_answers_as_workflow(workflow, f"team:{team}", path, tmp_path)
        year = {"realised_booked": amount, "budget_reduced": amount}
        assert replayed["booked_by_year"] == {YEAR: year}
