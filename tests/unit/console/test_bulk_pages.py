"""Bulk pages against a fake HR: simulate keeps nothing, a run without JavaScript sends
every chunk with its own idempotency key, and the live lead fragment is a fragment."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx

from tests.unit.console.fakes import FakeApis, console, csrf_of, signed_in


def _fake_bulk(fakes: FakeApis) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        rows = [{"post_number": n, "outcome": "done", "reason": ""} for n in body["post_numbers"]]
        run_id = f"run-{len(fakes.bodies('/bulk/transfers'))}"
        totals = {"rows": len(rows), "done": len(rows), "refused": 0, "error": 0}
        return httpx.Response(200, json={"run_id": run_id, "totals": totals, "rows": rows})

    fakes.routes.insert(0, ("POST", "/bulk/transfers", answer))


def test_simulating_a_file_asks_hr_to_simulate_every_good_row(tmp_path: Path) -> None:
    fakes = FakeApis()
    _fake_bulk(fakes)
    client = signed_in(console(fakes, tmp_path), "hr_staff")
    token = csrf_of(client.get("/bulk").text)
    page = client.post(
        "/bulk/simulate",
        data={"csrf_token": token, "action": "approve"},
        files={"csv_file": ("posts.csv", b"post_number\n10001\n10002\nx\n", "text/csv")},
    ).text
    assert fakes.bodies("/bulk/transfers") == [
        {"action": "approve", "simulate": True, "post_numbers": ["10001", "10002"]}
    ]
    assert "Check the results before you run" in page and "Line 4 (x)" in page
    assert 'name="post_numbers" value="10001,10002"' in page


def test_a_run_without_javascript_sends_every_chunk_then_shows_the_result(tmp_path: Path) -> None:
    fakes = FakeApis()
    _fake_bulk(fakes)
    client = signed_in(console(fakes, tmp_path, console_bulk_chunk=2), "hr_staff")
    token = csrf_of(client.get("/bulk").text)
    form = {"csrf_token": token, "action": "approve", "post_numbers": "1001,1002,1003",
            "batch": "b1"}  # fmt: skip
    answer = client.post("/bulk/run", data=form)
    assert answer.headers["location"] == "/bulk/result?runs=run-1,run-2"
    sent = [c for c in fakes.calls if c.url.path == "/bulk/transfers"]
    assert [c.headers["idempotency-key"] for c in sent] == ["b1-0", "b1-1"]
    assert [json.loads(c.content)["post_numbers"] for c in sent] == [["1001", "1002"], ["1003"]]


def test_a_run_with_a_missing_file_is_refused_next_to_the_file_field(tmp_path: Path) -> None:
    client = signed_in(console(FakeApis(), tmp_path), "hr_staff")
    token = csrf_of(client.get("/bulk").text)
    page = client.post("/bulk/simulate", data={"csrf_token": token, "action": "approve"}).text
    assert 'href="#csv_file">Select a CSV file of post numbers' in page


def test_the_lead_views_live_refresh_is_a_fragment_of_the_page(tmp_path: Path) -> None:
    client = signed_in(console(FakeApis(), tmp_path), "department_lead", "CS")
    fragment = client.get("/lead/live").text
    assert "<html" not in fragment and re.search(r"What is stuck \(1\)", fragment)
