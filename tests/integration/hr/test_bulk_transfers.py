"""Bulk runs through HR's API against the real Kafka: 1,500 rows simulated, then done,
then replayed by key; a filter; a rerun of just the failed rows."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.conftest import token_for
from tests.integration.hr.conftest import RunningHr
from tests.integration.hr.support import (
    assert_stream_is_whole,
    establishment_csv,
    post_streams,
)
from tests.support.posts import a_post

pytestmark = pytest.mark.kafka


async def test_a_bulk_run_of_1500_is_simulated_then_done_once_whatever_the_retries(
    running_hr: RunningHr, artifacts: Path
) -> None:
    hr, timings = running_hr.client, {}
    started = time.perf_counter()
    loaded = (
        await hr.post(
            "/posts/csv", content=establishment_csv(1500), headers={"Content-Type": "text/csv"}
        )
    ).json()
    timings["load_csv_1500_s"] = time.perf_counter() - started
    assert loaded["totals"]["done"] == 1500
    numbers = [str(10001 + i) for i in range(1500)]
    body = {
        "action": "propose",
        "post_numbers": numbers,
        "effective_date": "2027-04-01",
        "reason": "One Council Support Functions",
    }
    outbox_before = running_hr.outbox_rows()

    started = time.perf_counter()
    simulated = await hr.post(
        "/bulk/transfers", json={**body, "simulate": True}, headers={"Idempotency-Key": "sim-1"}
    )
    timings["simulate_1500_s"] = time.perf_counter() - started
    assert simulated.status_code == 200, simulated.text
    assert simulated.json()["totals"] == {"rows": 1500, "done": 1500, "refused": 0, "error": 0}
    assert running_hr.outbox_rows() == outbox_before, "a simulation writes nothing"
    assert (await hr.get("/posts", params={"stage": "proposed"})).json() == []

    started = time.perf_counter()
    real = await hr.post("/bulk/transfers", json=body, headers={"Idempotency-Key": "run-1"})
    timings["propose_1500_s"] = time.perf_counter() - started
    report = real.json()
    assert report["totals"] == {"rows": 1500, "done": 1500, "refused": 0, "error": 0}
    assert report["replayed"] is False
    assert running_hr.outbox_rows() == outbox_before + 1500

    replay = await hr.post("/bulk/transfers", json=body, headers={"Idempotency-Key": "run-1"})
    assert replay.json()["replayed"] is True
    assert replay.json()["run_id"] == report["run_id"]
    assert replay.json()["rows"] == report["rows"]
    assert running_hr.outbox_rows() == outbox_before + 1500, "the same key does no work"
    other = await hr.post(
        "/bulk/transfers", json={**body, "reason": "other"}, headers={"Idempotency-Key": "run-1"}
    )
    assert other.status_code == 409
    # Another officer's same key is theirs: their own run, never the first one's report.
    colleague = {
        "Idempotency-Key": "run-1",
        "Authorization": f"Bearer {token_for('hr_staff', user_id='hr-officer-2')}",
    }
    theirs = await hr.post("/bulk/transfers", json={**body, "simulate": True}, headers=colleague)
    assert theirs.status_code == 200, theirs.text
    assert theirs.json()["run_id"] != report["run_id"] and theirs.json()["replayed"] is False
    lead = {"Authorization": f"Bearer {token_for('department_lead', 'CS')}"}
    assert (await hr.get(f"/bulk/transfers/{report['run_id']}", headers=lead)).status_code == 403

    started = time.perf_counter()
    streams = await post_streams(running_hr.bootstrap, f"{running_hr.prefix}hr.posts", 3000)
    timings["read_back_3000_events_s"] = time.perf_counter() - started
    assert len(streams) == 1500
    for number in numbers:
        events = streams[number]
        assert [e["event_type"] for e in events] == ["PostRegistered", "TransferProposed"]
        assert_stream_is_whole(events)
    (artifacts / "bulk-timings.json").write_text(json.dumps(timings, indent=2))
    print("bulk timings:", timings)


async def test_a_filter_picks_the_posts_and_a_rerun_takes_just_the_failed_rows(
    running_hr: RunningHr,
) -> None:
    hr = running_hr.client
    for number, function, department in [
        ("50001", "FIN", "CS"),
        ("50002", "FIN", "CS"),
        ("50003", "FIN", "CS"),
        ("50004", "HR", "CS"),
    ]:
        post = a_post(number, function=function, department=department)
        assert (await hr.post("/posts", json=post)).status_code == 201
    await hr.post("/posts/50001/transfer", json={"effective_date": "2027-04-01", "reason": "x"})

    consult = {
        "action": "open_consultation",
        "filter": {"department": "CS", "function": "FIN"},
        "closes_by": "2027-03-01",
    }
    first = (
        await hr.post("/bulk/transfers", json=consult, headers={"Idempotency-Key": "c-1"})
    ).json()
    assert [(r["post_number"], r["outcome"]) for r in first["rows"]] == [
        ("50001", "done"),
        ("50002", "refused"),
        ("50003", "refused"),
    ]
    assert first["rows"][1]["reason"] == "post 50002 has no transfer: propose one first"

    propose = {
        "action": "propose",
        "post_numbers": ["50002", "50003"],
        "effective_date": "2027-04-01",
        "reason": "x",
    }
    await hr.post("/bulk/transfers", json=propose, headers={"Idempotency-Key": "p-1"})
    rerun = {
        "action": "open_consultation",
        "rerun_failed_of": first["run_id"],
        "closes_by": "2027-03-01",
    }
    second = (
        await hr.post("/bulk/transfers", json=rerun, headers={"Idempotency-Key": "c-2"})
    ).json()
    assert [(r["post_number"], r["outcome"]) for r in second["rows"]] == [
        ("50002", "done"),
        ("50003", "done"),
    ]
    assert second["rerun_of"] == first["run_id"]
    stored = (await hr.get(f"/bulk/transfers/{second['run_id']}")).json()
    assert stored["totals"]["done"] == 2

    two_sources = await hr.post(
        "/bulk/transfers",
        headers={"Idempotency-Key": "c-3"},
        json={**consult, "post_numbers": ["50001"]},
    )
    assert two_sources.status_code == 422
    assert two_sources.json()["detail"][0]["loc"] == ["body", "post_numbers"]
    unknown_run = await hr.post(
        "/bulk/transfers",
        headers={"Idempotency-Key": "c-4"},
        json={**rerun, "rerun_failed_of": "B-nope"},
    )
    assert (unknown_run.status_code, unknown_run.json()["detail"]) == (
        404,
        "there is no bulk run B-nope",
    )
