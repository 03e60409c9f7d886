"""Finance on the real Kafka after a transfer started: a rescinded move goes back whole, and
a post whose cost rose (or was corrected) before approval is checked again."""

from __future__ import annotations

import uuid

import pytest

from shared.events import hr
from tests.integration.finance.conftest import RunningFinance
from tests.integration.finance.reading import events_of, types
from tests.support.events import (
    approved,
    corrected,
    proposed,
    registered,
    rescinded,
    took_effect,
)

EVENT = "0190c0de-0000-7000-8000-000000000002"  # the registration corrected
pytestmark = [pytest.mark.kafka, pytest.mark.asyncio(loop_scope="session")]


def new_post() -> str:
    return str(uuid.uuid4().int % 10**8 + 10**8)


async def _books(finance: RunningFinance, budget: int) -> None:
    body = {"name": "CS Finance", "owner": "CS", "function": "FIN", "annual_budget": budget}
    answer = await finance.client.put("/cost-centres/CS-FIN-01", json=body)
    assert answer.status_code == 200, answer.text


async def test_a_rescinded_transfer_moves_its_budget_back_as_it_moved(
    finance: RunningFinance,
) -> None:
    await _books(finance, 10_000_000)
    post = new_post()
    await finance.send(
        proposed(post, "T-back", cost=36_500),
        approved(post, "T-back"),
        took_effect(post, "T-back", cost=36_500),
        rescinded(post, "T-back"),
    )
    on_topic = await events_of(finance.bootstrap, finance.topic("finance.budgets"), post, 4)
    assert types(on_topic)[-2:] == ["BudgetMoved", "BudgetMoveReversed"]
    moved, back = (m["value"]["payload"] for m in on_topic[-2:])
    assert (back["from_cost_centre"], back["to_cost_centre"]) == (
        moved["to_cost_centre"],
        moved["from_cost_centre"],
    )
    assert (back["full_year_amount"], back["amount_this_year"]) == (36_500, 18_200)


async def test_a_higher_cost_before_approval_is_checked_again(finance: RunningFinance) -> None:
    await _books(finance, 10_000_000)
    post = new_post()
    await finance.send(
        registered(post, cost=30_000),
        proposed(post, "T-again", cost=30_000),
        hr.PostUpdated(
            post_number=post, annual_cost=20_000_000, reason="regraded", live_transfer_id="T-again"
        ),
    )
    on_topic = await events_of(finance.bootstrap, finance.topic("finance.budgets"), post, 2)
    assert types(on_topic) == ["BudgetCheckPassed", "BudgetCheckFailed"]
    assert on_topic[1]["value"]["payload"]["reason_code"] == "cost_above_line"


async def test_a_corrected_cost_before_approval_is_checked_again(finance: RunningFinance) -> None:
    await _books(finance, 100_000_000)  # above the earlier tests' posts
    post = new_post()
    fix = corrected(post, EVENT, {"annual_cost": (30_000, 200_000_000)}, transfer="T-fixed")
    await finance.send(registered(post, cost=30_000), proposed(post, "T-fixed", cost=30_000), fix)
    on_topic = await events_of(finance.bootstrap, finance.topic("finance.budgets"), post, 2)
    assert types(on_topic) == ["BudgetCheckPassed", "BudgetCheckFailed"]
    assert on_topic[1]["value"]["payload"]["reason_code"] == "cost_above_line"
