"""HR, Finance and Workflow in this process on one set of topics of the real broker, and the
steps the post-ending and reconciliation tests share: a delivered candidate of HR or Finance,
a central budget line, a post disestablished, the auditor's golden thread from the log."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
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
from tests.support.waiting import eventually_async

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


async def delivered_candidate(
    owner: httpx.AsyncClient, posts: list[str], staff: dict[str, str] = FINANCE_STAFF,
    name: str = "Supplier invoice processing",
) -> str:  # fmt: skip
    """The owner's (Finance's, or HR's with HR staff) process registered and reviewed, and a
    candidate claiming `posts` taken to delivery."""
    process = f"PRC-E{uuid.uuid4().hex[:8]}"
    volumes = {"volume_per_year": 90_000, "minutes_per_case": 6, "average_grade_cost": 33_000}
    await call(owner, "/processes", {"process_id": process, "name": name, **volumes}, staff, 201)
    await call(owner, f"/processes/{process}/review", {"started_on": "2026-04-01"}, staff, 201)
    found = {"kind": "automate", "title": f"Automate {name.lower()}",
             "automation_potential_percent": 60, "ease": 4, "post_numbers": posts}  # fmt: skip
    path = f"/processes/{process}/candidates"
    candidate = (await call(owner, path, found, staff, 201))["candidate_id"]
    steps: list[tuple[str, Any]] = [
        ("assess", {"automation_potential_percent": 60, "ease": 4}), ("approve", {}),
        ("start-delivery", {}),
        ("deliver", {"realised_hours_saved_per_year": 5_400, "realised_money_saved_per_year": 1}),
    ]  # fmt: skip
    for step, step_body in steps:
        await call(owner, f"/candidates/{candidate}/{step}", step_body, staff, 200)
    return str(candidate)


async def central_line(finance: RunningFinance, function: str, budget: int = 500_000) -> None:
    """Load the function's central team's budget line (CEN-<function>-01)."""
    line = {"name": f"Central {function}", "owner": "CENTRAL", "function": function,
            "annual_budget": budget}  # fmt: skip
    response = await finance.client.put(
        f"/cost-centres/CEN-{function}-01", json=line, headers=FINANCE_STAFF
    )
    assert response.status_code == 200, response.text


async def disestablished(hr: httpx.AsyncClient, post: str, candidate: str) -> httpx.Response:
    """HR's answer to ending the post for the candidate on 30 September 2026."""
    body = {"candidate_id": candidate, "effective_date": "2026-09-30", "reason": "automated"}
    return await hr.post(f"/posts/{post}/disestablish", json=body, headers=HR_STAFF)


async def replayed_thread(workflow: RunningWorkflow, subject: str, out: Path) -> Any:
    """The auditor's answer from the log alone (`audit replay --golden-thread`)."""
    arguments = ["replay", "--bootstrap", workflow.bootstrap, "--topic-prefix", workflow.prefix,
                 "--out", str(out), "--consultation-minimum-days", "0", "--golden-thread",
                 subject]  # fmt: skip
    result = await asyncio.to_thread(CliRunner().invoke, audit_cli, arguments)
    assert "Golden thread of" in result.output, result.output
    return json.loads((out / "golden-thread.json").read_text())


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
