"""With the demo on, Finance's books match HR's demo establishment from the first event."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from shared import demo
from shared.reference import CENTRAL_TEAMS, DEPARTMENTS
from tests.conftest import token_for
from tests.integration.finance.conftest import RunningFinance, finance_settings, running
from tests.integration.finance.reading import events_of
from tests.support.databases import NewDatabase
from tests.support.events import proposed
from tests.support.topics import read_until
from tests.support.waiting import eventually_get_async

pytestmark = [pytest.mark.kafka, pytest.mark.asyncio(loop_scope="session")]
SEED, POSTS = 7, 64


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def demo_finance(
    kafka_bootstrap: str, new_database: NewDatabase
) -> AsyncIterator[RunningFinance]:
    settings = finance_settings(
        kafka_bootstrap, new_database("finance_demo"), demo_support_posts=POSTS, demo_seed=SEED
    )
    async for service in running(settings):
        yield service


async def test_demo_books_hold_every_cost_centre_and_line_of_the_establishment(
    demo_finance: RunningFinance,
) -> None:
    centres = (await demo_finance.client.get("/cost-centres")).json()
    assert {c["code"] for c in centres} == {c.code for c in demo.cost_centres(SEED)}
    assert {c["code"] for c in centres if c["frozen"]} == demo.frozen_cost_centres(SEED)
    lines = (await demo_finance.client.get("/budget-lines")).json()
    expected = {(b.cost_centre, b.annual_budget) for b in demo.budget_lines(SEED, POSTS)}
    assert {(line["cost_centre"], line["annual_budget"]) for line in lines} == expected
    assert all(line["current"] == 0 for line in lines if line["cost_centre"].startswith("CEN-"))


async def test_demo_posts_on_frozen_and_under_funded_lines_fail_their_checks(
    demo_finance: RunningFinance,
) -> None:
    posts = list(demo.generate_posts(SEED, POSTS))
    frozen = next(p for p in posts if p.cost_centre in demo.frozen_cost_centres(SEED))
    short = next(p for p in posts if p.cost_centre in demo.under_funded_cost_centres(SEED))
    funded = next(
        p
        for p in posts
        if p.cost_centre
        not in demo.frozen_cost_centres(SEED) | demo.under_funded_cost_centres(SEED)
    )
    for post in (frozen, short, funded):
        payload = proposed(
            post.post_number,
            f"T-{post.post_number}",
            function=post.function,
            department=post.department,
            cost=post.annual_cost,
            cost_centre=post.cost_centre,
        )
        await demo_finance.send(payload)
    verdicts = {}
    for post in (frozen, short, funded):
        [event] = await events_of(
            demo_finance.bootstrap, demo_finance.topic("finance.budgets"), post.post_number, 1
        )
        verdicts[post.post_number] = event["value"]["payload"].get("reason_code", "passed")
    assert verdicts == {
        frozen.post_number: "cost_centre_frozen",
        short.post_number: "cost_above_line",
        funded.post_number: "passed",
    }


async def test_demo_finance_processes_and_candidates_are_on_the_redesign_topic(
    demo_finance: RunningFinance,
) -> None:
    wanted = {p.process_id for p in demo.generate_processes(SEED) if p.function == "FIN"}
    on_topic = await read_until(
        demo_finance.bootstrap,
        demo_finance.topic("finance.redesign"),
        lambda ms: sum(m["value"]["event_type"] == "ProcessRegistered" for m in ms) >= len(wanted),
    )
    registered = [m for m in on_topic if m["value"]["event_type"] == "ProcessRegistered"]
    assert {m["key"] for m in registered} == wanted
    statuses = {m["value"]["event_type"] for m in on_topic} - {"ProcessRegistered"}
    assert {"CandidateIdentified", "CandidateDelivered", "CandidateRejected"} <= statuses


async def test_a_lead_sees_only_their_own_departments_cost_centres_lines_and_reservations(
    demo_finance: RunningFinance,
) -> None:
    posts = list(demo.generate_posts(SEED, POSTS))
    ours = next(p for p in posts if p.department == "CS")
    theirs = next(p for p in posts if p.department != "CS")
    for post in (ours, theirs):
        payload = proposed(
            post.post_number,
            f"T-SCOPE-{post.post_number}",
            function=post.function,
            department=post.department,
            cost=post.annual_cost,
            cost_centre=post.cost_centre,
        )
        await demo_finance.send(payload)
    client = demo_finance.client
    for post in (ours, theirs):
        path = f"/reservations?post_number={post.post_number}"
        await eventually_get_async(client, path, lambda answer: bool(answer.json()))
    lead = {"Authorization": f"Bearer {token_for('department_lead', 'CS')}"}
    cs_centres = {c.code for c in demo.cost_centres(SEED) if c.owner == "CS"}
    centres = (await client.get("/cost-centres", headers=lead)).json()
    assert {c["code"] for c in centres} == cs_centres
    lines = (await client.get("/budget-lines", headers=lead)).json()
    assert lines and {line["cost_centre"] for line in lines} <= cs_centres
    reservations = (await client.get("/reservations", headers=lead)).json()
    assert ours.post_number in {r["post_number"] for r in reservations}
    assert {r["department"] for r in reservations} == {"CS"}
    other = f"/reservations?post_number={theirs.post_number}"
    assert (await client.get(other, headers=lead)).json() == []


async def test_the_demo_sets_targets_for_every_team_department_and_the_programme_for_three_years(
    demo_finance: RunningFinance,
) -> None:
    wanted = 3 * (8 + 4 + 1)
    on_topic = await read_until(
        demo_finance.bootstrap, demo_finance.topic("finance.savings"), lambda ms: len(ms) >= wanted
    )
    payloads = [m["value"]["payload"] for m in on_topic]
    assert len({p["financial_year"] for p in payloads}) == 3
    assert {p["team"] for p in payloads if "team" in p} == set(CENTRAL_TEAMS)
    scopes = {p.get("department") for p in payloads if "team" not in p}
    assert scopes == {*DEPARTMENTS, None}
    assert all(p["amount"] > 0 for p in payloads)
