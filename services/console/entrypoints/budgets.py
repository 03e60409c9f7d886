"""Finance's books for the people who answer for them: budget lines, the money held for
moving posts, the budget checks that failed with their reasons, and the savings targets
against what was realised (Workflow's `/savings`, as the programme counts them).

Finance staff and auditors see every line; a department lead sees their own department's
(Finance's API scopes the answers; the console adds nothing and hides nothing)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.console.entrypoints.session import SignedIn, console_of, render

router = APIRouter(include_in_schema=False)


@router.get("/budgets")
async def budgets(request: Request, user: SignedIn) -> Response:
    finance = console_of(request).services.finance
    lines: list[dict[str, Any]] = await finance.get(user.token, "/budget-lines")
    followed: list[dict[str, Any]] = await finance.get(user.token, "/reservations")
    targets: dict[str, Any] = await console_of(request).services.workflow.get(
        user.token, "/savings"
    )
    failed = [r for r in followed if not r["check_passed"]]
    held = [r for r in followed if r["check_passed"] and r["reserved_amount"] > 0]
    return render(
        request,
        "budgets.html",
        title="Budgets",
        lines=sorted(lines, key=lambda line: line["cost_centre"]),
        failed=sorted(failed, key=lambda r: r["post_number"]),
        held=sorted(held, key=lambda r: r["post_number"]),
        targets=targets,
        totals={
            "annual_budget": sum(line["annual_budget"] for line in lines),
            "reserved": sum(line["reserved"] for line in lines),
            "available": sum(line["available"] for line in lines),
        },
    )
