"""Issue 16's done-when, process to process: 200 Procurement posts with their reporting lines
move into Central Procurement; one move is rescinded and one registered fact corrected.
Afterwards Finance balances, Workflow agrees with the audit replay (which is clean), and the
replay's org chart as of today, and as known yesterday, equals HR's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from services.audit.entrypoints.cli import app as audit_cli
from shared.auth import Role
from tests.conftest import token_for
from tests.support.databases import NewDatabase
from tests.support.posts import a_post
from tests.support.services import UNCHECKED_APPROVALS, ServiceProcess, start_services
from tests.support.waiting import eventually

pytestmark = pytest.mark.kafka
TODAY = datetime.now(UTC).date()  # the services' real clock: the log's recorded times agree
HEAD, COST, LEADERS = "7199999", 40_000, [str(7100001 + n) for n in range(10)]
STAFF = [str(7100011 + n) for n in range(190)]  # each reports to one of the ten leaders
MOVING = LEADERS + STAFF
RESCINDED, CORRECTED = STAFF[0], STAFF[1]
COLUMNS = "cost_centre,annual_cost,reports_to"
WHY = {"reason": "One Council Support Functions: centralise procurement"}


@pytest.fixture
def council(
    kafka_bootstrap: str, new_database: NewDatabase, topic_prefix: str, artifacts: Path
) -> Iterator[tuple[dict[str, httpx.Client], str]]:
    names = ["hr", "finance", "workflow"]
    extra = {"SCHEDULER_INTERVAL_S": "3600", "STALL_CHECK_INTERVAL_S": "3600",
             "RELAY_INTERVAL_MS": "50"}  # fmt: skip
    databases = {name: new_database(name) for name in names}
    services = start_services(names, kafka_bootstrap, topic_prefix, databases, artifacts, extra)
    roles: dict[str, Role] = {"hr": "hr_staff", "finance": "finance_staff", "workflow": "auditor"}
    clients = {name: _client(services[name], role) for name, role in roles.items()}
    try:
        yield clients, services["workflow"].url
    finally:
        for client in clients.values():
            client.close()
        exit_codes = {name: service.stop() for name, service in services.items()}
        assert exit_codes == dict.fromkeys(names, 0), "clean shutdown on SIGTERM"


def test_a_corrected_and_partly_rescinded_function_move_balances_and_replays_clean(
    council: tuple[dict[str, httpx.Client], str],
    kafka_bootstrap: str,
    topic_prefix: str,
    artifacts: Path,
) -> None:
    (clients, workflow_url), hr = council, council[0]["hr"]
    _establishment(clients)
    _move(hr)
    rescind = {"reason": "the post buys for one school only", "decided_by": "Director of HR"}
    assert hr.post(f"/posts/{RESCINDED}/transfer/rescind", json=rescind).status_code == 200
    registered = _registration_event(clients["workflow"], CORRECTED)
    correction = {"corrects_event_id": registered, "values": {"department": "ASCH"},
                  "reason": "registered against Children's Services by mistake",
                  "decided_by": "Head of HR Operations"}  # fmt: skip
    answer = hr.post(f"/posts/{CORRECTED}/corrections", json=correction)
    assert (answer.status_code, answer.json()["department"]) == (200, "ASCH"), answer.text

    moved = len(MOVING) - 1
    progress = eventually(
        lambda: _procurement(clients["workflow"]),
        lambda entry: entry["posts_moved"] == moved and entry["budget_moved"] == moved * COST,
    )
    assert progress["posts_by_stage"] == {"effective": moved, "rescinded": 1, "in_department": 1}
    journey = eventually(
        lambda: clients["workflow"].get(f"/posts/{CORRECTED}").json(),
        lambda found: found["department"] == "ASCH",
    )
    assert (journey["stage"], journey["team"]) == ("effective", "PROC")
    lines = {line["cost_centre"]: line for line in clients["finance"].get("/budget-lines").json()}
    department, central = lines["CS-PROC-01"], lines["CEN-PROC-01"]
    assert department["moved_out"] == central["moved_in"] == moved * COST
    assert sum(line["current"] for line in lines.values()) == 10_000_000

    report = _replay(kafka_bootstrap, topic_prefix, artifacts / "compare",
                     "--compare", workflow_url, "--token", token_for("auditor"))  # fmt: skip
    assert report["comparison"]["differences"] == []
    for known_on in (None, TODAY - timedelta(days=1)):
        known = ["--as-known-on", known_on.isoformat()] if known_on else []
        out = artifacts / f"chart-{known_on}"
        report = _replay(
            kafka_bootstrap, topic_prefix, out, "--org-chart", "--as-of", str(TODAY), *known
        )
        assert report["as_known_on"] == (str(known_on) if known_on else None)
        replayed = json.loads((out / "org-chart.json").read_text())
        params = {
            "as_of": TODAY.isoformat(),
            **({"as_known_on": str(known_on)} if known_on else {}),
        }
        assert hr.get("/org-chart", params=params).json() == replayed
    team = next(t for t in replayed["teams"] if t["team"] == "PROC")
    assert team["posts"] == [], "as known yesterday, nothing had been recorded"


def _establishment(clients: dict[str, httpx.Client]) -> None:
    """Procurement's £10m line in Children's Services, the central team's head, ten leaders
    and 190 officers under them (leaders first: a line needs its manager registered)."""
    budget = {"name": "CS Procurement", "owner": "CS", "function": "PROC",
              "annual_budget": 10_000_000}  # fmt: skip
    assert clients["finance"].put("/cost-centres/CS-PROC-01", json=budget).status_code == 200
    hr = clients["hr"]
    head = a_post(HEAD, function="PROC", department="CST", team="PROC", cost_centre="CST-PROC-01",
                  title="Head of Central Procurement")  # fmt: skip
    assert hr.post("/posts", json=head).status_code == 201
    assert hr.put("/teams/PROC/head", json={"post_number": HEAD}).status_code == 200
    for numbers, line in ((LEADERS, lambda n: ""), (STAFF, lambda n: LEADERS[int(n) % 10])):
        rows = [
            "post_number,title,grade,fte,function,department,cost_centre,annual_cost,reports_to"
        ]
        rows += [f"{n},Procurement Officer,Grade 7,1.0,PROC,CS,CS-PROC-01,{COST},{line(n)}"
                 for n in numbers]  # fmt: skip
        loaded = hr.post("/posts/csv", content="\n".join(rows) + "\n",
                         headers={"Content-Type": "text/csv"})  # fmt: skip
        assert loaded.json()["totals"]["done"] == len(numbers), loaded.text


def _move(hr: httpx.Client) -> None:
    """Proposed, consulted for 35 days, checked by Finance, approved, effective yesterday."""
    _bulk(hr, "propose", effective_date=str(TODAY - timedelta(days=1)), **WHY)
    _bulk(hr, "open_consultation", opened_on=str(TODAY - timedelta(days=35)),
          closes_by=str(TODAY - timedelta(days=5)))  # fmt: skip
    _bulk(hr, "close_consultation", outcome="agreed")
    eventually(lambda: _verdicts(hr), lambda found: found == {"passed": len(MOVING)})
    _bulk(hr, "approve")
    assert hr.post("/transfers/take-effect-due").json()["totals"]["done"] == len(MOVING)
    moved = hr.get(f"/posts/{STAFF[5]}").json()
    assert (moved["team"], moved["reports_to"], moved["grade"]) == ("PROC", HEAD, "Grade 7")


def _verdicts(hr: httpx.Client) -> dict[str, int]:
    """How many moving posts have each budget verdict from Finance, as HR has heard it."""
    posts = hr.get("/posts", params={"function": "PROC", "limit": 1000}).json()
    verdicts = [p["transfer"]["budget_check"] for p in posts if p["post_number"] != HEAD]
    return {verdict: verdicts.count(verdict) for verdict in set(verdicts)}


def _bulk(hr: httpx.Client, action: str, **fields: Any) -> None:
    body = {"action": action, "post_numbers": MOVING, **fields}
    answer = hr.post("/bulk/transfers", json=body, headers={"Idempotency-Key": action})
    assert answer.status_code == 200, answer.text
    assert answer.json()["totals"]["done"] == len(MOVING), answer.json()["rows"][:3]


def _registration_event(workflow: httpx.Client, number: str) -> str:
    """The event id of the post's registration, as an officer finds it on its timeline."""
    answer = eventually(
        lambda: workflow.get(f"/posts/{number}/timeline"), lambda r: r.status_code == 200
    )
    events = answer.json()["events"]
    return str(next(e["event_id"] for e in events if e["event_type"] == "PostRegistered"))


def _procurement(workflow: httpx.Client) -> dict[str, Any]:
    functions = workflow.get("/progress/functions").json()["functions"]
    return next((f for f in functions if f["function"] == "PROC"), {"posts_moved": 0})


def _replay(bootstrap: str, prefix: str, out: Path, *options: str) -> dict[str, Any]:
    arguments = ["replay", "--bootstrap", bootstrap, "--topic-prefix", prefix, "--out", str(out)]
    # Held to the policy the services ran under (one officer proposes and approves here).
    result = CliRunner().invoke(audit_cli, [*arguments, *options], env=UNCHECKED_APPROVALS)
    assert result.exit_code == 0, result.output  # clean: no findings, no differences
    report: dict[str, Any] = json.loads((out / "report.json").read_text())
    return report


def _client(service: ServiceProcess, role: Role) -> httpx.Client:
    token = token_for(role, user_id=f"{role}-e2e")
    return httpx.Client(base_url=service.url, headers={"Authorization": f"Bearer {token}"},
                        timeout=60)  # fmt: skip
