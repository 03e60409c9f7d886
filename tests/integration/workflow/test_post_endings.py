"""A delivered Finance candidate ends the posts it claims, on the real broker: HR disestablishes
the vacant one directly and the filled one after it was put at risk and consulted on; Finance
gives each post's budget up from Central Finance's line as the candidate's saving; Workflow
counts them out of the establishment and shows them on the candidate's golden thread, which
the auditor's replay answers the same from the log alone."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from typer.testing import CliRunner

from services.audit.entrypoints.cli import app as audit_cli
from services.hr.app import HrSettings
from services.hr.app import create_app as create_hr
from tests.conftest import token_for
from tests.integration.finance.conftest import RunningFinance, finance_settings
from tests.integration.finance.conftest import running as running_finance
from tests.integration.workflow.conftest import RunningWorkflow
from tests.support.databases import NewDatabase
from tests.support.in_process import serving, settings_for_test
from tests.support.posts import a_post
from tests.support.waiting import eventually_async

pytestmark = [pytest.mark.kafka, pytest.mark.asyncio(loop_scope="session")]
HR_STAFF = {"Authorization": f"Bearer {token_for('hr_staff', user_id='hr-officer-1')}"}
FINANCE_STAFF = {"Authorization": f"Bearer {token_for('finance_staff', user_id='fin-1')}"}
TODAY = date(2026, 6, 1)  # Workflow's clock too: financial year 2026/27


@pytest_asyncio.fixture(loop_scope="session")
async def hr(
    workflow: RunningWorkflow, new_database: NewDatabase
) -> AsyncIterator[httpx.AsyncClient]:
    """HR on this Workflow's topics; its policy asks no minimum consultation period, so the
    test can close an exercise the day it opens (the collective rule needs 20 posts)."""
    settings = settings_for_test(
        HrSettings, workflow.bootstrap, new_database("hr"), topic_prefix=workflow.prefix,
        consultation_minimum_days=0, clock_today=TODAY,
    )  # fmt: skip
    async with serving(create_hr(settings), "hr", "hr_staff", "hr-officer-1") as client:
        yield client


@pytest_asyncio.fixture(loop_scope="session")
async def finance(
    workflow: RunningWorkflow, new_database: NewDatabase
) -> AsyncIterator[RunningFinance]:
    settings = finance_settings(
        workflow.bootstrap, new_database("finance"), topic_prefix=workflow.prefix
    )
    async for service in running_finance(settings):
        yield service


async def call(client: httpx.AsyncClient, path: str, body: Any, headers: Any, status: int) -> Any:
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code == status, response.text
    return response.json()


async def delivered_candidate(finance: httpx.AsyncClient, posts: list[str]) -> str:
    """A Finance process reviewed, and a candidate claiming `posts` taken to delivery."""
    process = f"PRC-FIN-E{uuid.uuid4().hex[:6]}"
    volumes = {"volume_per_year": 90_000, "minutes_per_case": 6, "average_grade_cost": 33_000}
    body = {"process_id": process, "name": "Supplier invoice processing", **volumes}
    await call(finance, "/processes", body, FINANCE_STAFF, 201)
    await call(finance, f"/processes/{process}/review", {"started_on": "2026-04-01"},
               FINANCE_STAFF, 201)  # fmt: skip
    found = {"kind": "automate", "title": "Match invoices to orders automatically",
             "automation_potential_percent": 60, "ease": 4, "post_numbers": posts}  # fmt: skip
    candidate = (await call(finance, f"/processes/{process}/candidates", found,
                            FINANCE_STAFF, 201))["candidate_id"]  # fmt: skip
    steps: list[tuple[str, Any]] = [
        ("assess", {"automation_potential_percent": 60, "ease": 4}), ("approve", {}),
        ("start-delivery", {}),
        ("deliver", {"realised_hours_saved_per_year": 5_400, "realised_money_saved_per_year": 1}),
    ]  # fmt: skip
    for step, step_body in steps:
        await call(finance, f"/candidates/{candidate}/{step}", step_body, FINANCE_STAFF, 200)
    return str(candidate)


async def test_a_delivered_candidate_ends_its_posts_and_their_budget_is_its_saving(
    workflow: RunningWorkflow, hr: httpx.AsyncClient, finance: RunningFinance, tmp_path: Path
) -> None:
    base = 700_000 + uuid.uuid4().int % 99_000
    filled, vacant = str(base), str(base + 1)
    central = {"team": "FIN", "cost_centre": "CEN-FIN-01", "department": "CST"}
    await call(hr, "/posts", a_post(filled, **central, annual_cost=30_000), HR_STAFF, 201)
    vacant_post = a_post(vacant, **central, annual_cost=26_000, employee_ref=None)
    await call(hr, "/posts", vacant_post, HR_STAFF, 201)
    line = {"name": "Central Finance", "owner": "CENTRAL", "function": "FIN",
            "annual_budget": 500_000}  # fmt: skip
    response = await finance.client.put(
        "/cost-centres/CEN-FIN-01", json=line, headers=FINANCE_STAFF
    )
    assert response.status_code == 200, response.text
    candidate = await delivered_candidate(finance.client, [filled, vacant])

    async def disestablish(post: str) -> httpx.Response:
        body = {"candidate_id": candidate, "effective_date": "2026-09-30", "reason": "automated"}
        return await hr.post(f"/posts/{post}/disestablish", json=body, headers=HR_STAFF)

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


async def the_log_answers_as_workflow(
    workflow: RunningWorkflow, subject: str, path: str, out: Path
) -> Any:
    """The replay's golden thread once it equals Workflow's (which applies its own events at
    once: the log has them once its relay ran)."""
    live = (await workflow.client.get(path)).json()
    return await eventually_async(
        lambda: replayed_thread(workflow, subject, out), lambda answer: answer == live,
        what=f"the replayed golden thread of {subject}",
    )  # fmt: skip


async def replayed_thread(workflow: RunningWorkflow, subject: str, out: Path) -> Any:
    """The auditor's answer from the log alone (`audit replay --golden-thread`)."""
    arguments = ["replay", "--bootstrap", workflow.bootstrap, "--topic-prefix", workflow.prefix,
                 "--out", str(out), "--consultation-minimum-days", "0", "--golden-thread",
                 subject]  # fmt: skip
    result = await asyncio.to_thread(CliRunner().invoke, audit_cli, arguments)
    assert "Golden thread of" in result.output, result.output
    return json.loads((out / "golden-thread.json").read_text())


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
