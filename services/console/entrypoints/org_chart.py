"""The org chart page: who reports to whom on a date, a tree per department and per central
team with its vacancies, exactly as HR's `GET /org-chart` answers.

For HR staff and auditors only: the chart shows every department's posts, so a department
lead (who may see only their own) is never shown it."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.console.application.org_chart import units_of, where_posts_sit
from services.console.entrypoints.session import NotAllowed, SignedIn, console_of, render

router = APIRouter(include_in_schema=False)
READERS = frozenset({"hr_staff", "auditor"})


@router.get("/org-chart")
async def org_chart(request: Request, user: SignedIn, as_of: date | None = None) -> Response:
    """The chart as of a date (HR's today by default)."""
    if user.role not in READERS:
        raise NotAllowed(
            "The org chart shows every department's posts: it is for HR staff and auditors"
        )
    hr = console_of(request).services.hr
    chart: dict[str, Any] = await hr.get(
        user.token, "/org-chart", as_of=as_of.isoformat() if as_of else None
    )
    units = units_of(chart)
    return render(
        request,
        "org_chart.html",
        title="Org chart",
        as_of=chart["as_of"],
        vacancies=chart["vacancies"],
        posts=sum(unit.count for unit in units),
        units=units,
        where=where_posts_sit(units),
    )
