"""Reporting lines through HR's API on the real Kafka: a head named, a loop refused, a
transfer that moves the post's line into its central team, and its rescind moving it back."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import pytest

from services.hr.domain.payroll import establishment_changes
from services.hr.domain.payroll_files import COLUMNS, RECORD_WIDTH, payroll_csv, payroll_fixed
from shared.export_periods import period_of
from tests.integration.hr.conftest import RunningHr
from tests.integration.hr.support import post_streams, publish_budget_verdict, wait_for
from tests.support.posts import a_post

pytestmark = pytest.mark.kafka


async def _register(hr: httpx.AsyncClient, number: str, **changes: object) -> None:
    answer = await hr.post("/posts", json=a_post(number, **changes))
    assert answer.status_code == 201, answer.text


async def test_a_transfer_moves_the_posts_line_to_the_teams_head_and_loops_are_refused(
    running_hr: RunningHr,
) -> None:
    hr = running_hr.client
    await _register(hr, "900", team="FIN", title="Head of Central Finance")
    await _register(hr, "100", title="Finance Manager")
    await _register(hr, "10423", reports_to="100")
    named = await hr.put("/teams/Central Finance/head", json={"post_number": "900"})
    assert named.status_code == 200, named.text
    heads = {team["team"]: team["head"] for team in (await hr.get("/teams")).json()}
    assert heads["FIN"] == "900"

    loop = await hr.put("/posts/100/reports-to", json={"reports_to": "10423", "reason": "x"})
    assert loop.status_code == 409
    assert loop.json()["detail"] == (
        "post 100 cannot report to post 10423: the line would go round in a circle "
        "(100 → 10423 → 100)"
    )
    wrong = await hr.post(
        "/posts/10423/transfer",
        json={"effective_date": "2027-01-10", "reason": "centralise", "line_manager": "100"},
    )
    assert wrong.status_code == 409
    assert "cannot report to post 100 in Children's Services" in wrong.json()["detail"]

    proposed = await hr.post(
        "/posts/10423/transfer", json={"effective_date": "2027-01-10", "reason": "centralise"}
    )
    assert proposed.status_code == 201, proposed.text
    transfer_id = proposed.json()["transfer_id"]
    assert (await hr.get("/posts/10423/transfer")).json()["line_manager"] == "900"
    for step, body in {"open": {"closes_by": "2027-02-15"}, "close": {"outcome": "agreed"}}.items():
        answer = await hr.post(f"/posts/10423/transfer/consultation/{step}", json=body)
        assert answer.status_code == 200, answer.text
    await publish_budget_verdict(
        running_hr.bootstrap, running_hr.prefix, "10423", transfer_id, True
    )
    await wait_for(hr, "/posts/10423/transfer", "budget_check", "passed")
    assert (await hr.post("/posts/10423/transfer/approve")).status_code == 200

    moved = await wait_for(hr, "/posts/10423", "stage", "effective")
    assert (moved["team"], moved["reports_to"]) == ("FIN", "900")
    assert (moved["title"], moved["grade"], moved["department"]) == (
        "Finance Officer",
        "Grade 7",
        "CS",
    )
    streams = await post_streams(running_hr.bootstrap, f"{running_hr.prefix}hr.posts", 9)
    effective = streams["10423"][-1]
    assert effective["event_type"] == "TransferEffective"
    assert effective["payload"]["reports_to"] == "900"
    assert effective["payload"]["previous_reports_to"] == "100"
    assert [e["event_type"] for e in streams["900"]] == ["PostRegistered", "TeamHeadNamed"]

    refused = await hr.post("/posts/10423/transfer/rescind", json={"reason": "x", "decided_by": ""})
    assert refused.status_code == 422  # who decided is required
    back = await hr.post(
        "/posts/10423/transfer/rescind",
        json={"reason": "the post supports a school, not finance", "decided_by": "Director of HR"},
    )
    assert back.status_code == 200, back.text
    assert back.json()["stage"] == "rescinded"
    post = (await hr.get("/posts/10423")).json()
    assert (post["team"], post["reports_to"], post["stage"]) == (None, "100", "rescinded")
    again = await hr.post(
        "/posts/10423/transfer/rescind", json={"reason": "again", "decided_by": "Director of HR"}
    )
    assert again.status_code == 409
    assert again.json()["detail"] == (
        "cannot rescind the transfer: post 10423's transfer to Central Finance was rescinded"
    )
    streams = await post_streams(running_hr.bootstrap, f"{running_hr.prefix}hr.posts", 10)
    told = streams["10423"][-1]
    assert told["event_type"] == "TransferRescinded"
    assert (told["payload"]["reports_to"], told["payload"]["decided_by"]) == (
        "100",
        "Director of HR",
    )
    await _payroll_is_rebuilt_the_same_from_the_log(running_hr, streams)


async def _payroll_is_rebuilt_the_same_from_the_log(
    running_hr: RunningHr, streams: dict[str, list[dict[str, Any]]]
) -> None:
    """January's payroll file: the move and its rescind, as HR's API gives it and as an
    auditor rebuilds it from the topic; an empty month is a header; a lead may not have it."""
    hr = running_hr.client
    answer = await hr.get("/exports/payroll", params={"period": "2027-01"})
    assert answer.status_code == 200, answer.text
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [(r["post_number"], r["change"], r["old_cost_centre"], r["new_cost_centre"],
             r["old_reports_to"], r["new_reports_to"], r["effective_date"], r["fte"])
            for r in rows] == [
        ("10423", "moved", "CS-FIN-01", "CEN-FIN-01", "100", "900", "2027-01-10", "1.00"),
        ("10423", "move rescinded", "CEN-FIN-01", "CS-FIN-01", "900", "100", "2027-01-10", "1.00"),
    ]  # fmt: skip
    log = [event for events in streams.values() for event in events]
    rebuilt = establishment_changes(log, period_of("2027-01"))
    assert payroll_csv(rebuilt) == answer.text

    fixed = await hr.get("/exports/payroll", params={"period": "2027-01", "format": "fixed"})
    records = fixed.text.split("\r\n")[:-1]
    assert [r[:2] for r in records] == ["HD", "DT", "DT", "TR"]
    assert {len(r) for r in records} == {RECORD_WIDTH}
    assert records[1].startswith("DT10423     moved           CS-FIN-01   CEN-FIN-01  100")
    assert fixed.text == payroll_fixed(rebuilt, period_of("2027-01").name)

    empty = await hr.get("/exports/payroll", params={"period": "2026-12"})
    assert empty.text.splitlines() == [",".join(COLUMNS)]
    lead = running_hr.as_role("department_lead", "CS")
    refused = await hr.get("/exports/payroll", params={"period": "2027-01"}, headers=lead)
    assert refused.status_code == 403
