"""Fake HR and Workflow APIs (httpx MockTransport) and a console app wired to them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from services.console.adapters.services_api import ServiceApi, Services
from services.console.app import create_app
from services.console.settings import ConsoleSettings
from tests.unit.console.exercise_answers import EXERCISE

SECRET = "unit-test-secret-long-enough-for-hs256"
Route = Callable[[httpx.Request], httpx.Response]


def progress_row(key: str, value: str, name: str) -> dict[str, Any]:
    return {
        key: value,
        "name": name,
        "posts": 10,
        "posts_by_stage": {"in_department": 6, "proposed": 2, "effective": 2},
        "fte": 9.5,
        "annual_cost": 400_000,
        "posts_moved": 2,
        "fte_moved": 1.5,
        "annual_cost_moved": 81_000,
        "budget_moved": 81_000,
        "percent_centralised": 20.0,
        "percent_fte_centralised": 15.8,
        "posts_in_scope": 4,
        "posts_out_of_scope": 1,
        "posts_undecided": 5,
        "posts_already_central": 0,
        "posts_at_risk": 1,
        "posts_disestablished": 2,
        "fte_disestablished": 1.6,
        "annual_cost_disestablished": 58_000,
    }


JOURNEY = {
    "post_number": "10423",
    "title": "Finance Officer",
    "department": "CS",
    "function": "FIN",
    "stage": "proposed",
    "stage_since": "2026-05-01",
    "transfer_id": "t-1",
    "target_team": "FIN",
    "effective_date": "2027-04-01",
    "fte": 1.0,
    "annual_cost": 41000,
    "grade": "Grade 7",
    "cost_centre": "CS-FIN-01",
    "blockers": [
        {
            "code": "budget_check_failed",
            "detail": "budget check failed: no budget line",
            "since": None,
        }
    ],
}


class FakeApis:
    """Records every call; answers from `routes` (method, path regex) → handler."""

    def __init__(self) -> None:
        self.calls: list[httpx.Request] = []
        self.routes: list[tuple[str, str, Route]] = []
        self.answer(
            "GET",
            "/progress/departments",
            {"departments": [progress_row("department", "CS", "Children's Services")]},
        )
        self.answer(
            "GET", "/progress/teams", {"teams": [progress_row("team", "FIN", "Central Finance")]}
        )
        self.answer(
            "GET",
            "/progress/functions",
            {"functions": [progress_row("function", "FIN", "Finance")]},
        )
        self.answer(
            "GET",
            "/savings",
            {
                "financial_year": "2026/27",
                "teams": [
                    {
                        "team": "FIN",
                        "name": "Central Finance",
                        "target": 500000,
                        "estimated": 120000,
                        "realised": 30000,
                        "gap": 470000,
                        "financial_year": "2026/27",
                        "identified": 200000,
                        "approved": 120000,
                        "fte_released": 0.75,
                    }
                ],
                "programme": {
                    "identified": 200000,
                    "approved": 120000,
                    "realised": 30000,
                    "fte_released": 1.25,
                },
                "departments": [],
            },
        )
        self.answer(
            "GET",
            r"/posts/\d+/timeline",
            {
                "post_number": "10423",
                "events": [
                    {
                        "event_type": "TransferProposed",
                        "occurred_at": "2026-05-01T09:30:00+00:00",
                        "effective_date": "2027-04-01",
                        "actor": {"id": "hr-1", "role": "hr_staff"},
                        "summary": "Transfer proposed to Central Finance",
                    }
                ],
            },
        )
        self.answer("GET", r"/posts/\d+", JOURNEY)
        self.answer("GET", "/posts", {"posts": [JOURNEY]})
        self.answer("GET", "/blocked", {"posts": [JOURNEY]})
        self.answer("GET", "/candidates", {"candidates": []})
        self.answer("GET", "/consultations", {"consultations": [EXERCISE]})
        self.answer("GET", r"/consultations/CX-[\w-]+", EXERCISE)

    def answer(self, method: str, path: str, body: Any, status: int = 200) -> None:
        self.routes.insert(0, (method, path, lambda _request: httpx.Response(status, json=body)))

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        for method, path, route in self.routes:
            if request.method == method and re.fullmatch(path, request.url.path):
                return route(request)
        return httpx.Response(404, json={"detail": f"no fake for {request.url.path}"})

    def bodies(self, path: str) -> list[Any]:
        return [json.loads(c.content) for c in self.calls if c.url.path == path and c.content]


def console(
    fakes: FakeApis, tmp_path: Path, dev_sign_in: bool = True, **settings: Any
) -> TestClient:
    (tmp_path / "govuk-frontend.min.css").write_text("/* vendored */")
    client = httpx.AsyncClient(transport=httpx.MockTransport(fakes.handle), base_url="http://fake")
    services = Services(
        ServiceApi("HR", client), ServiceApi("Finance", client), ServiceApi("Workflow", client)
    )
    config = ConsoleSettings(
        jwt_secret=SECRET,
        console_dev_sign_in=dev_sign_in,
        console_assets_dir=str(tmp_path),
        **settings,
    )
    return TestClient(create_app(config, services), follow_redirects=False)


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the page has a form with a CSRF token"
    return found.group(1)


def signed_in(client: TestClient, role: str, department: str = "") -> TestClient:
    token = csrf_of(client.get("/sign-in").text)
    answer = client.post(
        "/sign-in/dev", data={"csrf_token": token, "role": role, "department": department}
    )
    assert answer.status_code == 303, answer.text
    return client
