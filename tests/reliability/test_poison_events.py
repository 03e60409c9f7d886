"""Poison events against the three services as real processes.

Every kind of bad message, written straight to every topic any service consumes, goes to
that service's dead-letter topic with its reason while the consumer goes on. Later events of
the same post wait, parked in order, until an operator redrives (as it was or corrected) or
discards the dead letter with `onecouncil dead-letters`; other posts are not held up.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from services.audit.adapters.fast_json import decode
from services.audit.adapters.kafka_log import EventLog
from services.audit.application.replay import Replay, ReplayOptions
from services.audit.application.run import run_replay
from services.audit.domain.controls import AuditPolicy
from services.audit.domain.report import AuditReport
from services.cli import app as cli
from services.finance.app import FinanceSettings
from services.finance.app import create_app as finance_app
from services.hr.app import HrSettings
from services.hr.app import create_app as hr_app
from services.workflow.app import WorkflowSettings
from services.workflow.app import create_app as workflow_app
from shared.events import hr, redesign
from shared.events.envelope import hash_is_valid
from shared.events.topics import DEAD_LETTER_TOPICS, EVENT_TOPICS
from tests.conftest import ARTIFACTS
from tests.reliability.stack import TODAY, Stack, answer, new_stack, wait_until, write_raw
from tests.support.databases import NewDatabase
from tests.support.envelopes import StreamWriter, to_bytes
from tests.support.services import JWT_SECRET
from tests.support.topics import read_topic

pytestmark = pytest.mark.kafka
KINDS = ("malformed_json", "unknown_event_type", "unknown_schema_version", "invalid_payload",
         "too_large")  # fmt: skip
LINE = {"name": "Children's Services finance", "owner": "CS", "function": "FIN",
        "annual_budget": 10_000_000}  # fmt: skip


@pytest.fixture(scope="module")
def stack(kafka_bootstrap: str, new_database: NewDatabase) -> Iterator[Stack]:
    running = new_stack(kafka_bootstrap, new_database, ARTIFACTS / "reliability-poison").start()
    with running.client("finance", "finance_staff") as finance:
        answer(finance.put("/cost-centres/CS-FIN-01", json=LINE))
    try:
        yield running
    finally:
        assert running.stop() == {"hr": 0, "finance": 0, "workflow": 0}


def consumed_topics(prefix: str) -> dict[str, set[str]]:
    """Every topic each service subscribes to, as its app declares (nothing hard-coded)."""
    apps = {
        "hr": hr_app(HrSettings(topic_prefix=prefix, database_url="sqlite://")),
        "finance": finance_app(FinanceSettings(topic_prefix=prefix, database_url="sqlite://")),
        "workflow": workflow_app(WorkflowSettings(topic_prefix=prefix, database_url="sqlite://")),
    }
    return {
        name: {topic for sub in app.state.runtime.broker.subscribers for topic in sub.topic_names}
        for name, app in apps.items()
    }


def poisons(key: str) -> dict[str, bytes]:
    """One message of each bad kind, about the post `key`."""
    document = StreamWriter("hr").document(hr.PostUpdated(post_number=key, reason="x"), key)
    return {
        "malformed_json": b"{this is not json",
        "unknown_event_type": to_bytes({**document, "event_type": "PostTeleported"}),
        "unknown_schema_version": to_bytes({**document, "schema_version": 99}),
        "invalid_payload": to_bytes({**document, "payload": {**document["payload"], "fte": 99}}),
        "too_large": b'{"padding": "' + b"x" * 300_000 + b'"}',
    }


def new_post_number() -> str:
    return str(10**7 + uuid.uuid4().int % 10**7)


def register_and_propose(stack: Stack, post_number: str) -> None:
    post = {"post_number": post_number, "title": "Finance Officer", "grade": "7", "fte": 1.0,
            "function": "FIN", "department": "CS", "cost_centre": "CS-FIN-01",
            "annual_cost": 40_000, "employee_ref": f"E{post_number}"}  # fmt: skip
    with stack.client("hr", "hr_staff") as officer:
        answer(officer.post("/posts", json=post), 201)
        proposal = {"effective_date": TODAY, "reason": "One Council Support Functions"}
        answer(officer.post(f"/posts/{post_number}/transfer", json=proposal), 201)


def hr_budget_check(stack: Stack, post_number: str) -> str:
    with stack.client("hr", "hr_staff") as officer:
        return str(answer(officer.get(f"/posts/{post_number}"))["transfers"][-1]["budget_check"])


def tracker_view(stack: Stack, post_number: str) -> dict[str, Any] | None:
    with stack.client("workflow", "auditor") as auditor:
        found = auditor.get(f"/posts/{post_number}")
    return found.json() if found.status_code == 200 else None


def dead_letters_cli(stack: Stack, *args: str) -> str:
    result = CliRunner().invoke(cli, ["dead-letters", *args], env={"JWT_SECRET": JWT_SECRET})
    assert result.exit_code == 0, result.output
    return result.output


def interventions_on(stack: Stack, service: str, post_number: str) -> list[dict[str, Any]]:
    """The resolutions `service` published about dead letters of this post's messages."""
    messages = asyncio.run(read_topic(stack.bootstrap, stack.topic(f"{service}.interventions")))
    documents = [message["value"] for message in messages]
    return [d for d in documents if d["payload"]["message_key"] == post_number]


def open_letters(stack: Stack, service: str, key: str) -> list[dict[str, Any]]:
    with stack.client(service, "auditor") as auditor:
        letters = answer(auditor.get("/operations/dead-letters", params={"status": "open"}))
    return [letter for letter in letters if letter["aggregate_key"] == key]


def test_every_kind_of_poison_on_every_consumed_topic_is_set_aside_with_its_reason(
    stack: Stack,
) -> None:
    consumed = consumed_topics(stack.prefix)
    key = new_post_number()
    for topic in sorted(set().union(*consumed.values())):
        asyncio.run(
            write_raw(stack.bootstrap, topic, [(key, body) for body in poisons(key).values()])
        )

    # The consumers went on: a good transfer flows HR → Finance → HR and Workflow ...
    moving = new_post_number()
    register_and_propose(stack, moving)
    wait_until(lambda: hr_budget_check(stack, moving) == "passed", "HR hears Finance's verdict")
    journey = wait_until(
        lambda: (view := tracker_view(stack, moving)) and view["budget_check"] and view,
        "Workflow tracks the transfer",
    )
    assert (journey["stage"], journey["budget_check"]) == ("proposed", "passed")
    # ... and good redesign and savings events on the other consumed topics are applied.
    good_process = StreamWriter("hr").document(
        redesign.ProcessRegistered(process_id="HR-P-POISON", function="HR", team="HR",
                                   name="Recruitment", volume_per_year=100, minutes_per_case=30,
                                   average_grade_cost=30_000),
        "HR-P-POISON",
    )  # fmt: skip
    asyncio.run(
        write_raw(
            stack.bootstrap, stack.topic("hr.redesign"), [("HR-P-POISON", to_bytes(good_process))]
        )
    )
    with stack.client("finance", "finance_staff") as finance:
        target = {"team": "FIN", "financial_year": "2026/27", "amount": 123_000}
        answer(finance.post("/savings/targets", json=target), 201)
        process = {"process_id": "FIN-P-POISON", "name": "Invoices", "volume_per_year": 10,
                   "minutes_per_case": 5, "average_grade_cost": 30_000}  # fmt: skip
        answer(finance.post("/processes", json=process), 201)
    with stack.client("workflow", "hr_staff") as officer:
        mine = {"function": "ICT", "name": "Password resets", "volume_per_year": 10,
                "minutes_per_case": 5, "average_grade_cost": 30_000,
                "process_id": "WF-P-POISON"}  # fmt: skip
        answer(officer.post("/processes", json=mine), 201)
        wait_until(
            lambda: (
                {"HR-P-POISON", "FIN-P-POISON", "WF-P-POISON"}
                <= {p["process_id"] for p in officer.get("/processes").json()["processes"]}
            ),
            "Workflow applies redesign events from HR, Finance and itself",
        )
        wait_until(
            lambda: (
                officer.get("/savings/FIN", params={"financial_year": "2026/27"}).json()["target"]
                == 123_000
            ),
            "Workflow applies Finance's savings target",
        )

    # Each bad message is on the consuming service's dead-letter topic, with its reason.
    tried = 0
    for service, topics in consumed.items():
        dead = asyncio.run(
            read_topic(
                stack.bootstrap, stack.topic(f"{service}.dead-letters"), at_least=5 * len(topics)
            )
        )
        for topic in topics:
            codes = {m["headers"]["x-dead-letter-code"] for m in dead
                     if m["headers"]["x-source-topic"] == topic and m["key"] == key}  # fmt: skip
            assert codes == set(KINDS), f"{service} on {topic}: {codes}"
            tried += len(KINDS)
        assert {letter["code"] for letter in open_letters(stack, service, key)} == set(KINDS)
    (ARTIFACTS / "reliability-poison" / "figures.txt").write_text(f"bad_inputs_tried={tried}\n")


def test_a_post_behind_a_discarded_dead_letter_waits_then_gets_its_verdict_in_order(
    stack: Stack,
) -> None:
    waiting, other = new_post_number(), new_post_number()
    # A bad message about `waiting` reaches HR's budget consumer before Finance's verdict.
    asyncio.run(write_raw(stack.bootstrap, stack.topic("finance.budgets"), [(waiting, b"{broken")]))
    register_and_propose(stack, waiting)
    register_and_propose(stack, other)
    wait_until(lambda: hr_budget_check(stack, other) == "passed", "other posts are not held up")
    [letter] = wait_until(
        lambda: [x for x in open_letters(stack, "hr", waiting) if x["parked_behind"] >= 1],
        "the verdict waits parked behind the dead letter",
    )
    assert hr_budget_check(stack, waiting) == "pending"

    refused = CliRunner().invoke(
        cli, ["dead-letters", "redrive", str(letter["id"]), "--service", "hr", "--reason", "retry",
              "--url", stack.services["hr"].url], env={"JWT_SECRET": JWT_SECRET},
    )  # fmt: skip
    assert refused.exit_code == 1 and "still unreadable" in refused.output
    assert hr_budget_check(stack, waiting) == "pending", "a refused redrive changes nothing"

    output = dead_letters_cli(
        stack, "discard", str(letter["id"]), "--service", "hr", "--user", "ops-officer",
        "--reason", "garbage from a test harness", "--url", stack.services["hr"].url,
    )  # fmt: skip
    assert "1 parked event(s) applied" in output
    assert hr_budget_check(stack, waiting) == "passed"
    with stack.client("hr", "auditor") as auditor:
        record = answer(auditor.get(f"/operations/dead-letters/{letter['id']}"))
    assert (record["status"], record["resolved_by"], record["resolution"]) == (
        "discarded",
        "ops-officer",
        "garbage from a test harness",
    )
    with stack.client("hr", "hr_staff") as officer:
        again = answer(
            officer.post(f"/operations/dead-letters/{letter['id']}/redrive", json={"reason": "x"}),
            409,
        )
    assert again["detail"] == f"dead letter {letter['id']} was already discarded by ops-officer"
    [recorded] = interventions_on(stack, "hr", waiting)
    assert (recorded["actor"]["id"], recorded["payload"]["action"]) == ("ops-officer", "discarded")
    listed = dead_letters_cli(stack, "list", "--service", "hr", "--url", stack.services["hr"].url)
    assert waiting not in listed, "only open dead letters are listed by default"


def test_a_corrected_redrive_applies_the_fixed_event_then_the_parked_ones_in_order(
    stack: Stack, tmp_path: Path
) -> None:
    stuck, other = new_post_number(), new_post_number()
    bad = StreamWriter("hr").document(hr.PostUpdated(post_number=stuck, reason="typo"), stuck)
    bad["payload"]["fte"] = 99  # no post is 99 FTE: invalid for Finance and Workflow alike
    asyncio.run(write_raw(stack.bootstrap, stack.topic("hr.posts"), [(stuck, to_bytes(bad))]))
    register_and_propose(stack, stuck)
    register_and_propose(stack, other)
    wait_until(lambda: hr_budget_check(stack, other) == "passed", "other posts are not held up")
    wait_until(lambda: tracker_view(stack, other), "Workflow tracks the other post")
    for service in ("finance", "workflow"):

        def parked_behind(service: str = service) -> list[dict[str, Any]]:
            return [x for x in open_letters(stack, service, stuck) if x["parked_behind"] >= 2]

        wait_until(
            parked_behind, f"{service} parks the registration and proposal behind the bad update"
        )
    assert hr_budget_check(stack, stuck) == "pending", "Finance checks nothing on a gap"
    assert tracker_view(stack, stuck) is None, "Workflow shows nothing built on a gap"

    corrected = tmp_path / "corrected.json"
    corrected.write_text(json.dumps({**bad, "payload": {**bad["payload"], "fte": None}}))
    for service in ("finance", "workflow"):
        for letter in open_letters(stack, service, stuck):  # one per consumer of hr.posts
            where = ("--service", service, "--url", stack.services[service].url)
            output = dead_letters_cli(
                stack, "redrive", str(letter["id"]), *where, "--reason", "fte typo",
                "--corrected", str(corrected), "--user", "ops-proposer",
            )  # fmt: skip
            assert "someone else must approve it" in output, "HR's event: two people"
            assert tracker_view(stack, stuck) is None, "a proposal applies nothing"
            output = dead_letters_cli(
                stack, "approve-correction", str(letter["id"]), *where,
                "--reason", "checked the FTE", "--user", "ops-approver",
            )  # fmt: skip
            assert "redriven" in output
    wait_until(lambda: hr_budget_check(stack, stuck) == "passed", "Finance checks, in order")
    journey = wait_until(
        lambda: (view := tracker_view(stack, stuck)) and view["budget_check"] and view,
        "Workflow shows the post once its gap is filled",
    )
    assert (journey["stage"], journey["budget_check"]) == ("proposed", "passed")
    for service in ("finance", "workflow"):  # each resolution is on its resolver's own topic
        recorded = interventions_on(stack, service, stuck)
        assert {event["payload"]["action"] for event in recorded} == {"redriven_corrected"}
        assert {event["payload"]["event_id"] for event in recorded} == {bad["event_id"]}
        assert {(e["payload"]["proposed_by"], e["actor"]["id"]) for e in recorded} == {
            ("ops-proposer", "ops-approver")
        }


def test_the_audit_pairs_every_dead_letter_with_its_resolution_from_the_log_alone(
    stack: Stack,
) -> None:
    """Runs last: the letters above that were resolved pair with their interventions; every
    one still open is a finding once older than the policy allows (read two days on)."""
    still_open = {
        f"{letter['consumer']}@{letter['source_topic'].removeprefix(stack.prefix)}/"
        f"{letter['source_partition']}/{letter['source_offset']}"
        for service in ("hr", "finance", "workflow")
        for letter in open_letters_of(stack, service)
    }
    options = ReplayOptions(policy=AuditPolicy(read_at=datetime.now(UTC) + timedelta(days=2)))
    report = asyncio.run(replay_log(stack, options))
    flagged = [f for f in report.findings if f.rule == "dead_letter_left_open"]
    assert {finding.message.split(" ")[0] for finding in flagged} == still_open
    assert all("nobody has redriven or discarded it" in f.message for f in flagged)
    assert report.event_types["DeadLetterResolved"] == 3  # one discard, two corrected redrives


def open_letters_of(stack: Stack, service: str) -> list[dict[str, Any]]:
    with stack.client(service, "auditor") as auditor:
        return list(answer(auditor.get("/operations/dead-letters", params={"status": "open"})))


async def replay_log(stack: Stack, options: ReplayOptions) -> AuditReport:
    topics = [stack.topic(name) for name in EVENT_TOPICS + DEAD_LETTER_TOPICS]
    async with EventLog(stack.bootstrap, topics) as log:
        return await run_replay(log, Replay(options, decode, hash_is_valid), lambda _: None)
