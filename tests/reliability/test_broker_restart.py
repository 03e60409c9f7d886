"""Broker restart: a broker of this test's own is stopped and started again mid-scenario.
While it is down every service's /health says so (503, kafka unreachable); afterwards the
services carry on by themselves and the outcome is the uninterrupted run's."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from deploy.kafka import KafkaNode
from tests.conftest import ARTIFACTS
from tests.reliability.outcome import budget_problems, differences, double_effects
from tests.reliability.scenario import Driver, plan
from tests.reliability.stack import Stack, new_stack
from tests.support.brokers import free_port
from tests.support.databases import NewDatabase

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
    proposed = threading.Event()
    driver = Driver(stack, lambda line: proposed.set() if line == "propose done" else None)
    driver.wait_for_demo(expected)
    seen: dict[str, object] = {}

    def outage() -> None:
        proposed.wait(timeout=300)
        broker.stop()
        down_since = time.monotonic()
        seen["during"] = _wait_for_health(stack, lambda h: all(s == 503 for s, _ in h.values()))
        time.sleep(max(0.0, DOWN_FOR_S - (time.monotonic() - down_since)))
        broker.start(timeout=120)
        seen["after"] = _wait_for_health(stack, lambda h: all(s == 200 for s, _ in h.values()))

    thread = threading.Thread(target=outage, daemon=True)
    thread.start()
    driver.run(expected.movers)
    thread.join(timeout=400)
    assert seen["during"] == {name: (503, "unreachable") for name in stack.services}
    assert seen["after"] == {name: (200, "connected") for name in stack.services}
    driver.until(lambda: not differences(expected, stack), "every service settles", 180)
    assert budget_problems(expected, stack) == []
    assert double_effects(stack) == []
    (FOLDER / "figures.txt").write_text(
        f"outage_s>={DOWN_FOR_S} transfers={len(expected.movers)} hr_retries={driver.retries}\n"
    )


Health = dict[str, tuple[int, str]]


def _wait_for_health(stack: Stack, done: Callable[[Health], bool], timeout: float = 120) -> Health:
    deadline = time.monotonic() + timeout
    answers = _health(stack)
    while not done(answers) and time.monotonic() < deadline:
        time.sleep(0.5)
        answers = _health(stack)
    return dict(answers)
