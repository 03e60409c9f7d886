"""The org chart as of a date, twice over on the real Kafka: HR's API answers from what HR
recorded, `onecouncil audit replay --org-chart` rebuilds it from the log; they agree."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.integration.hr.conftest import RunningHr
from tests.integration.hr.support import (
    post_streams,
    publish_budget_verdict,
    replayed_org_chart,
    wait_for,
)
from tests.support.posts import a_post

pytestmark = pytest.mark.kafka
# Before anything was recorded; before the move; its day; after a future-dated line.
DATES = ("2026-01-01", "2027-01-09", "2027-01-10", "2027-03-01")


async def _ok(answer: Any) -> Any:
    response = await answer
    assert response.status_code in (200, 201), response.text
    return response.json()


async def _establishment(hr: httpx.AsyncClient, running: RunningHr) -> None:
    """Central Finance's head 900; in CS a vacant manager 100 over 10423 and 10424; 10423
    moves on 10 January; 10424 reports across to it from 1 March (recorded in January)."""
    await _ok(hr.post("/posts", json=a_post("900", team="FIN", title="Head of Finance")))
    await _ok(hr.put("/teams/FIN/head", json={"post_number": "900"}))
    await _ok(hr.post("/posts", json=a_post("100", employee_ref=None, title="Finance Manager")))
    for number in ("10423", "10424"):
        await _ok(hr.post("/posts", json=a_post(number, reports_to="100")))
    body = {"effective_date": "2027-01-10", "reason": "centralise"}
    transfer = await _ok(hr.post("/posts/10423/transfer", json=body))
    await _ok(hr.post("/posts/10423/transfer/consultation/open", json={"closes_by": "2027-02-15"}))
    await _ok(hr.post("/posts/10423/transfer/consultation/close", json={"outcome": "agreed"}))
    await publish_budget_verdict(
        running.bootstrap, running.prefix, "10423", transfer["transfer_id"], True
    )
    await wait_for(hr, "/posts/10423/transfer", "budget_check", "passed")
    await _ok(hr.post("/posts/10423/transfer/approve"))
    await wait_for(hr, "/posts/10423", "stage", "effective")
    line = {"reports_to": "10423", "reason": "new team lead", "effective_date": "2027-03-01"}
    await _ok(hr.put("/posts/10424/reports-to", json=line))  # recorded now, for 1 March
    running.hr.clock.set(date(2027, 3, 1))
    await wait_for(hr, "/posts/10424", "pending_changes", [])


async def test_hrs_org_chart_and_the_audit_replays_agree_on_several_dates(
    running_hr: RunningHr, tmp_path: Path
) -> None:
    hr = running_hr.client
    await _establishment(hr, running_hr)
    await post_streams(running_hr.bootstrap, f"{running_hr.prefix}hr.posts", 12)
    charts = {}
    for as_of in DATES:
        live = await _ok(hr.get("/org-chart", params={"as_of": as_of}))
        replayed = await asyncio.to_thread(
            replayed_org_chart, running_hr.bootstrap, running_hr.prefix, as_of, tmp_path / as_of
        )
        assert live == replayed, as_of
        charts[as_of] = live
    assert all(not unit["posts"] for unit in charts["2026-01-01"]["departments"])
    finance = {
        as_of: next(t for t in c["teams"] if t["team"] == "FIN") for as_of, c in charts.items()
    }
    assert [n["post_number"] for n in finance["2027-01-09"]["posts"][0]["reports"]] == []
    assert [n["post_number"] for n in finance["2027-01-10"]["posts"][0]["reports"]] == ["10423"]
    moved = finance["2027-03-01"]["posts"][0]["reports"][0]
    assert moved["post_number"] == "10423" and moved["reports"] == []
    cs = next(d for d in charts["2027-03-01"]["departments"] if d["department"] == "CS")
    assert [(n["post_number"], n["reports_to"]) for n in cs["posts"]] == [
        ("100", None),
        ("10424", "10423"),
    ]
    assert charts["2027-03-01"]["vacancies"] == 1
