"""Crashes: 5,000+ transfers through HR, Finance and Workflow as real processes while each
is SIGKILLed at least three times, each time paused at a seeded fault point in the middle
of its work (after a bulk chunk commits, after the relay publishes a batch it has not yet
marked sent, after a consumer commits a batch whose offsets are not yet committed), and
restarted. The end state
must be the oracle's, every budget must balance, no consumer may apply an event twice, and
no topic or log line may carry an employee's name or email."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.conftest import ARTIFACTS
from tests.reliability.faults import Killer
from tests.reliability.outcome import budget_problems, differences, double_effects
from tests.reliability.personal_data import personal_data_leaks
from tests.reliability.scenario import Driver, Plan, plan
from tests.reliability.stack import Stack, new_stack
from tests.support.databases import NewDatabase
from tests.support.waiting import eventually

pytestmark = [pytest.mark.kafka, pytest.mark.slow, pytest.mark.timeout(1200)]
# 7,200 posts give 5,045 movers: HR's and PPM's posts start central, a few are out of scope,
# and the demo moves its early-start wave itself.
SUPPORT_POSTS = int(os.environ.get("RELIABILITY_SUPPORT_POSTS", "7200"))
KILLS_EACH = int(os.environ.get("RELIABILITY_KILLS_EACH", "3"))
SEED = int(os.environ.get("RELIABILITY_SEED", "9"))
FOLDER = ARTIFACTS / "reliability-crashes"


@dataclass
class CrashedRun:
    stack: Stack
    plan: Plan
    kills: Counter[str]
    figures: list[str]


@pytest.fixture(scope="module")
def crashed(kafka_bootstrap: str, new_database: NewDatabase) -> Iterator[CrashedRun]:
    for old in FOLDER.glob("*"):
        old.unlink()
    extra = {"DEMO_SUPPORT_POSTS": str(SUPPORT_POSTS)}
    stack = new_stack(kafka_bootstrap, new_database, FOLDER, **extra).start()
    expected = plan(SUPPORT_POSTS)
    started = time.monotonic()
    figures: list[str] = []
    driver = Driver(stack, lambda line: figures.append(f"{time.monotonic() - started:.0f}s {line}"))
    try:
        driver.wait_for_demo(expected)
        killer = Killer(stack, SEED, KILLS_EACH)
        killer.arm()
        killer.start()
        try:
            driver.run(expected.movers)
            kills = killer.finish()
        finally:
            killer.cancel()
        # The last differences seen are the failure's message; a loaded machine needs the time.
        eventually(lambda: differences(expected, stack), lambda found: not found,
                   what="every service settles", timeout=300, interval=0.5)  # fmt: skip
        figures.append(f"settled; kills={dict(kills)} at {killer.where} "
                       f"transfers={len(expected.movers)} hr_retries={driver.retries}")  # fmt: skip
        yield CrashedRun(stack, expected, kills, figures)
    finally:
        stack.stop()
        (FOLDER / "figures.txt").write_text("\n".join(figures) + "\n")


def test_each_service_was_killed_at_least_three_times_during_5000_transfers(
    crashed: CrashedRun,
) -> None:
    assert len(crashed.plan.movers) >= 5000
    assert {name: crashed.kills[name] >= KILLS_EACH for name in ("hr", "finance", "workflow")} == {
        "hr": True, "finance": True, "workflow": True
    }  # fmt: skip


def test_every_posts_end_state_in_every_service_is_the_uninterrupted_runs(
    crashed: CrashedRun,
) -> None:
    assert differences(crashed.plan, crashed.stack) == {}


def test_every_budget_balances_and_moved_exactly_the_money_of_the_effective_transfers(
    crashed: CrashedRun,
) -> None:
    assert budget_problems(crashed.plan, crashed.stack) == []


def test_no_consumer_applied_any_event_twice(crashed: CrashedRun) -> None:
    assert double_effects(crashed.stack) == []


def test_no_topic_message_or_log_line_carries_an_employees_name_or_email(
    crashed: CrashedRun,
) -> None:
    leaks, scanned = personal_data_leaks(crashed.stack)
    crashed.figures.append(f"personal data scan: {scanned}")
    assert leaks == []
