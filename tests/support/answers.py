"""What the running services answer once they have caught up: the waits e2e tests share."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.waiting import eventually, eventually_get


def journey_at_stage(
    workflow: httpx.Client, post: str, stage: str, timeout: float = 30
) -> dict[str, Any]:
    """Workflow's journey of the post once its tracker shows the stage."""

    def at_stage(response: httpx.Response) -> bool:
        return response.status_code == 200 and response.json()["stage"] == stage

    response = eventually_get(workflow, f"/posts/{post}", at_stage, timeout=timeout)
    journey: dict[str, Any] = response.json()
    return journey


def budget_verdict(hr: httpx.Client, number: str) -> str:
    """Finance's budget check on the post's transfer, once HR has heard it."""

    def check() -> str:
        return str(hr.get(f"/posts/{number}/transfer").json().get("budget_check"))

    return eventually(check, lambda verdict: verdict != "pending", what=f"{number}'s verdict")


def registered(hr: httpx.Client, number: str) -> None:
    """Return once HR has the post (a demo seeds its posts on its own time)."""
    eventually_get(hr, f"/posts/{number}", lambda r: r.status_code == 200)
