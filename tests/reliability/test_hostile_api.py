"""Hostile input. schemathesis generates requests from each service's own OpenAPI document
and sends them to the running process. No request may yield a 5xx or an answer its OpenAPI
document does not give, and a refused request (4xx) may change nothing: no event in the
service's outbox carries the caller's name.
And the whole role × endpoint matrix: every route of every service, called with no token,
an expired or wrongly signed one, and each role (a lead of this or another department),
answers as `access_rules.RULES` says."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.result import Ok
from sqlalchemy import func, select

from services.finance.adapters.tables import messaging as finance_messaging
from services.finance.app import FinanceSettings
from services.finance.app import create_app as finance_app
from services.hr.adapters.tables import messaging as hr_messaging
from services.hr.app import HrSettings
from services.hr.app import create_app as hr_app
from services.workflow.adapters.tables import messaging as workflow_messaging
from services.workflow.app import WorkflowSettings
from services.workflow.app import create_app as workflow_app
from shared import demo
from shared.persistence.engine import make_engine
from tests.conftest import ARTIFACTS, token_for
from tests.reliability.access_rules import BODIES, RULES, callers, expected, routes_of
from tests.reliability.content_scan import around, leaked, outside
from tests.reliability.stack import Stack, new_stack
from tests.support.databases import NewDatabase
from tests.support.waiting import eventually

pytestmark = pytest.mark.kafka
CALLER = "schemathesis"
OUTBOXES = {"hr": hr_messaging.outbox, "finance": finance_messaging.outbox,
            "workflow": workflow_messaging.outbox}  # fmt: skip
ROLES: dict[str, Any] = {"hr": "hr_staff", "finance": "finance_staff", "workflow": "hr_staff"}
BOUNDED = settings(
    max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
# Requests that break the document (wrong types, values past a bound, missing fields): each
# must be refused with a documented 4xx, never a 5xx. Fewer: most are refused at validation.
NEGATIVE = settings(BOUNDED, max_examples=4)
MODES = ((GenerationMode.POSITIVE, BOUNDED), (GenerationMode.NEGATIVE, NEGATIVE))
tried: dict[str, int] = {}


@pytest.fixture(scope="module")
def hostile_stack(kafka_bootstrap: str, new_database: NewDatabase) -> Iterator[Stack]:
    extra = {"DEMO_SUPPORT_POSTS": "60"}
    folder = ARTIFACTS / "reliability-hostile-api"
    running = new_stack(kafka_bootstrap, new_database, folder, **extra).start()
    try:
        yield running
    finally:
        assert running.stop() == {"hr": 0, "finance": 0, "workflow": 0}
        (folder / "figures.txt").write_text(f"requests={tried}\n")


def _events_by_caller(stack: Stack, service: str) -> int:
    outbox = OUTBOXES[service]
    engine = make_engine(stack.databases[service])
    try:
        with engine.connect() as connection:
            query = select(func.count()).where(outbox.c.body.contains(f'"id":"{CALLER}"'))
            return int(connection.scalar(query) or 0)
    finally:
        engine.dispose()


def _attack(stack: Stack, service: str, case: Any, mode: str = "positive") -> None:
    before = _events_by_caller(stack, service)
    headers = {"Authorization": f"Bearer {token_for(ROLES[service], user_id=CALLER)}"}
    response = case.call(headers=headers, timeout=60)
    tried[f"{service} {mode}"] = tried.get(f"{service} {mode}", 0) + 1
    described = (
        f"{case.method} {case.formatted_path} → {response.status_code}: {response.text[:300]}"
    )
    assert response.status_code < 500, described
    documented = case.operation.definition.raw["responses"]
    assert str(response.status_code) in documented, f"not in the OpenAPI document: {described}"
    if response.status_code >= 400:
        assert _events_by_caller(stack, service) == before, f"a refusal changed state: {described}"


def _attacker(
    stack: Stack, service: str, operation: Any, mode: GenerationMode, bounded: Any
) -> Any:
    @bounded
    @given(case=operation.as_strategy(generation_mode=mode))
    def attack(case: Any) -> None:
        _attack(stack, service, case, mode.value)

    return attack


@pytest.mark.parametrize("service", ["hr", "finance", "workflow"])
def test_no_generated_request_gets_a_5xx_and_a_refusal_changes_nothing(
    service: str, hostile_stack: Stack
) -> None:
    schema = schemathesis.openapi.from_url(f"{hostile_stack.services[service].url}/openapi.json")
    failures: list[str] = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), f"{service}'s OpenAPI document: {result}"
        operation = result.ok()
        for mode, bounded in MODES:
            attack = _attacker(hostile_stack, service, operation, mode, bounded)
            try:
                attack()
            except Unsatisfiable:  # nothing in this route's document can be broken
                continue
            except AssertionError as error:
                failures.append(f"({mode.value}) " + str(error).splitlines()[0])
    assert failures == [], "\n".join(failures)


def _apps(prefix: str = "matrix.") -> dict[str, Any]:
    return {
        "hr": hr_app(HrSettings(topic_prefix=prefix, database_url="sqlite://")),
        "finance": finance_app(FinanceSettings(topic_prefix=prefix, database_url="sqlite://")),
        "workflow": workflow_app(WorkflowSettings(topic_prefix=prefix, database_url="sqlite://")),
    }


def test_every_route_of_every_service_has_an_access_rule() -> None:
    for service, app in _apps().items():
        routes = set(routes_of(app))
        assert routes - set(RULES[service]) == set(), f"{service}: routes without a rule"
        assert set(RULES[service]) - routes == set(), f"{service}: rules for no route"


def test_every_caller_gets_the_answer_its_role_allows_on_every_route(
    hostile_stack: Stack,
) -> None:
    post = next(p.post_number for p in demo.generate_posts(2026, 60) if p.department == "CS")
    tokens = callers("CS", "ASCH")
    with hostile_stack.client("workflow", "department_lead", "CS") as lead:
        subscription = lead.post("/subscriptions", json={"department": "CS"}).json()
    values = {"post_number": post, "letter_id": "999999", "step": "assess", "team": "FIN",
              "subscription_id": subscription["subscription_id"]}  # fmt: skip
    wrong: list[str] = []
    checked = 0
    for service, app in _apps().items():
        base = hostile_stack.services[service].url
        document = app.openapi()["paths"]
        for method, path in sorted(routes_of(app), key=lambda r: r[0] == "DELETE"):
            answers = document.get(path, {}).get(method.lower(), {}).get("responses")
            url = base + re.sub(r"{(\w+)}", lambda m: values.get(m.group(1), "missing"), path)
            for caller, token in tokens.items():
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                body = BODIES.get((service, method, path))
                with httpx.stream(method, url, headers=headers, json=body, timeout=30) as answer:
                    status = answer.status_code
                want = expected(RULES[service][(method, path)], caller)
                got = str(status) if status in (401, 403) else "ok"
                checked += 1
                if got != want or status >= 500:
                    wrong.append(f"{service} {method} {path} as {caller}: {status}, not {want}")
                if answers is not None and str(status) not in answers:
                    wrong.append(f"{service} {method} {path} as {caller}: {status} undocumented")
    tried["access matrix"] = checked
    assert wrong == [], "\n".join(wrong)


# Each lead-readable GET is asked plainly and as if for the other department, by every
# query parameter routes filter on: a filter must narrow a lead's answer, never widen it.
ASKING_FOR_OTHERS: list[dict[str, str]] = [
    {}, {"department": "ASCH"}, {"post_number": "10002"}, {"cost_centre": "ASCH-BUS-01"},
    {"team": "BUS"}, {"function": "BUS"},
]  # fmt: skip
# Where an officer finds the ids a path names (every department's: the lead's own and not).
LISTED_AT = {"exercise_id": ("workflow", "/consultations"), "candidate_id": ("workflow",
             "/candidates"), "process_id": ("workflow", "/processes"),
             "wave_id": ("workflow", "/programme/waves")}  # fmt: skip


def _ids_in(found: Any, key: str) -> Iterator[str]:
    if isinstance(found, dict):
        for name, inner in found.items():
            if name == key and isinstance(inner, str):
                yield inner
            yield from _ids_in(inner, key)
    elif isinstance(found, list):
        for inner in found:
            yield from _ids_in(inner, key)


def _path_values(stack: Stack, subscription_id: str) -> dict[str, list[str]]:
    """A CS post and the FIN team, and up to four of each id an officer can list."""
    post = next(p.post_number for p in demo.generate_posts(2026, 60) if p.department == "CS")
    values = {"post_number": [post], "team": ["FIN"], "subscription_id": [subscription_id]}
    for name, (service, path) in LISTED_AT.items():
        with stack.client(service, "hr_staff") as officer:
            listed = list(dict.fromkeys(_ids_in(officer.get(path).json(), name)))
        values[name] = listed[:4] or ["missing"]
    return values


def _urls(base: str, path: str, values: dict[str, list[str]]) -> list[str]:
    named = re.findall(r"{(\w+)}", path)
    if not named:
        return [base + path]
    return [base + path.replace(f"{{{named[0]}}}", value)
            for value in values.get(named[0], ["missing"])]  # fmt: skip


def test_a_leads_answers_name_no_other_departments_posts_cost_centres_or_money(
    hostile_stack: Stack,
) -> None:
    with hostile_stack.client("finance", "finance_staff") as finance:
        eventually(lambda: finance.get("/reservations").json(), what="Finance's reservations")
    with hostile_stack.client("workflow", "department_lead", "CS") as lead:
        subscription = lead.post("/subscriptions", json={"department": "CS"}).json()
    forbidden = outside("CS")
    with hostile_stack.client("hr", "hr_staff") as officer:  # the scan sees what is there
        answer = officer.get("/posts", params={"limit": 100})
        assert leaked(answer.content, answer.headers["content-type"], forbidden)
    values = _path_values(hostile_stack, subscription["subscription_id"])
    headers = {"Authorization": f"Bearer {callers('CS', 'ASCH')['department_lead']}"}
    leaks: list[str] = []
    read = 0
    for service, app in _apps().items():
        for method, path in routes_of(app):
            rule = RULES[service][(method, path)]
            if method != "GET" or expected(rule, "department_lead") != "ok":
                continue
            for url in _urls(hostile_stack.services[service].url, path, values):
                for query in ASKING_FOR_OTHERS:
                    with httpx.stream("GET", url, params=query, headers=headers, timeout=30) as got:
                        kind = got.headers.get("content-type", "")
                        if got.status_code != 200 or "event-stream" in kind:
                            continue  # refused, or a live stream (scoped: integration/workflow)
                        body = got.read()
                        found = leaked(body, kind, forbidden)
                    read += 1
                    if found:
                        where = around(body, min(found))
                        leaks.append(f"{service} GET {path} {query}: {sorted(found)[:6]} {where}")
    tried["lead content"] = read
    tried["ids"] = sum(len(v) for v in values.values())
    assert read > 40, "the lead's reads were answered"
    assert leaks == [], "\n".join(leaks)
