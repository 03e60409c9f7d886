"""Broker restart: a broker of this test's own is stopped and started again mid-scenario.
While it is down every service's /health says so (503, kafka unreachable); afterwards the
services carry on by themselves and the outcome is the uninterrupted run's.

The outage lands mid-scenario by barriers, not by timing: the driver waits after the
proposals until every service reports the broker gone, and the broker comes back only
once HR has committed events it could not publish meanwhile."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from deploy.kafka import KafkaNode
from services.hr.adapters.tables import messaging
from tests.conftest import ARTIFACTS
from tests.reliability.outcome import budget_problems, differences, double_effects
from tests.reliability.scenario import Driver, plan
from tests.reliability.stack import Stack, new_stack
from tests.support.brokers import free_port
from tests.support.databases import NewDatabase
from tests.support.waiting import eventually

pytestmark = [pytest.mark.kafka, pytest.mark.slow, pytest.mark.timeout(900)]
SUPPORT_POSTS = 900
DOWN_FOR_S = 8.0
FOLDER = ARTIFACTS / "reliability-broker-restart"


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaNode]:
    node = KafkaNode(tmp_path_factory.mktemp("own-broker"), free_port(), free_port())
    node.start(timeout=120)
    try:
        yield node
    finally:
        node.stop()


@pytest.fixture
def stack(broker: KafkaNode, new_database: NewDatabase) -> Iterator[Stack]:
    extra = {"DEMO_SUPPORT_POSTS": str(SUPPORT_POSTS), "TOPIC_PARTITIONS": "3"}
    running = new_stack(broker.bootstrap_servers, new_database, FOLDER, **extra).start()
    try:
        yield running
    finally:
        running.stop()


def _health(stack: Stack) -> dict[str, tuple[int, str]]:
    answers: dict[str, tuple[int, str]] = {}
    for name, service in stack.services.items():
        try:
            reply = httpx.get(f"{service.url}/health", timeout=10)
            answers[name] = (reply.status_code, str(reply.json().get("kafka")))
        except httpx.HTTPError as error:
            answers[name] = (0, type(error).__name__)
    return answers


def test_services_report_a_broker_outage_then_carry_on_to_the_same_outcome(
    stack: Stack, broker: KafkaNode
) -> None:
    expected = plan(SUPPORT_POSTS)
    proposed, down = threading.Event(), threading.Event()
    seen: dict[str, object] = {}

    def after_step(line: str) -> None:
        if line == "propose done":  # barrier: go on only once the broker is seen gone
            proposed.set()
            assert down.wait(timeout=300), f"the outage never began: {seen}"

    driver = Driver(stack, after_step)
    driver.wait_for_demo(expected)
    unsent = messaging.outbox.c.sent_at.is_(None)

    def outage() -> None:
        try:
            proposed.wait(timeout=300)
            broker.stop()
            down_since = time.monotonic()
            seen["during"] = _wait_for_health(stack, lambda h: all(s == 503 for s, _ in h))
            down.set()
            seen["held"] = eventually(lambda: driver.hr_count(messaging.outbox, unsent),
                                      what="HR events waiting for the broker")  # fmt: skip
            time.sleep(max(0.0, DOWN_FOR_S - (time.monotonic() - down_since)))
            broker.start(timeout=120)
            seen["after"] = _wait_for_health(stack, lambda h: all(s == 200 for s, _ in h))
        except BaseException as error:  # reported below, from the test's thread
            seen["error"] = error
            down.set()

    thread = threading.Thread(target=outage, daemon=True)
    thread.start()
    driver.run(expected.movers)
    thread.join(timeout=400)
    assert "error" not in seen, seen
    assert seen["during"] == {name: (503, "unreachable") for name in stack.services}
    assert seen["after"] == {name: (200, "connected") for name in stack.services}
    # The last differences seen are the failure's message; a loaded machine needs the time.
    eventually(lambda: differences(expected, stack), lambda found: not found,
               what="every service settles", timeout=300, interval=0.5)  # fmt: skip
    assert budget_problems(expected, stack) == []
    assert double_effects(stack) == []
    (FOLDER / "figures.txt").write_text(
        f"outage_s>={DOWN_FOR_S} hr_events_held={seen['held']} "
        f"transfers={len(expected.movers)} hr_retries={driver.retries}\n"
    )


Health = dict[str, tuple[int, str]]


def _wait_for_health(
    stack: Stack, done: Callable[[list[tuple[int, str]]], bool], timeout: float = 120
) -> Health:
    return eventually(
        lambda: _health(stack), lambda h: done(list(h.values())), what="health", timeout=timeout,
        interval=0.5,
    )  # fmt: skip
