"""Bulk date changes, rejections and cancellations through HR's API against the real Kafka:
each CSV line's own date, line manager and reason; bad lines refused whole with their
numbers; a simulation that writes nothing; a rerun of the failed rows with their values."""

from __future__ import annotations

import pytest

from tests.integration.hr.conftest import RunningHr
from tests.integration.hr.support import assert_stream_is_whole, opened, post_streams
from tests.support.posts import a_post

pytestmark = pytest.mark.kafka
MOVING = ["81001", "81002", "81003", "81004", "81005"]


async def test_rows_move_to_their_own_dates_and_lines_are_rejected_or_cancelled_each_with_why(
    running_hr: RunningHr,
) -> None:
    hr = running_hr.client
    central = [("80900", None, "Head of Central Finance"), ("80901", "80900", "Business Partner")]
    for number, reports_to, title in central:
        post = a_post(number, team="FIN", title=title, reports_to=reports_to)
        assert (await hr.post("/posts", json=post)).status_code == 201
    head = {"post_number": "80900", "reason": "appointed"}
    assert (await hr.put("/teams/FIN/head", json=head)).status_code == 200
    for number in MOVING:
        assert (await hr.post("/posts", json=a_post(number))).status_code == 201
    propose = {"action": "propose", "post_numbers": MOVING, "effective_date": "2027-04-01"}
    proposed = await hr.post(
        "/bulk/transfers", json={**propose, "reason": "wave 1"}, headers={"Idempotency-Key": "p"}
    )
    assert proposed.json()["totals"]["done"] == 5

    bad = "post_number,effective_date,reports_to,reason\n81001,1/5/2027,,\n81002,,,\n"
    refused = await hr.post(
        "/bulk/transfers",
        json={"action": "change_effective_date", "csv": bad},
        headers={"Idempotency-Key": "bad"},
    )
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        "2 rows cannot be used, so nothing was done: line 2 (post 81001): effective_date "
        "'1/5/2027' is not a date like 2027-04-01; line 3 (post 81002): no effective date: "
        "give one in its column, or one for the whole run"
    )

    dates = (
        "post_number,effective_date,reports_to,reason\n"
        "81001,2027-05-01,80901,team ready later\n"
        "81002,,80902,\n"  # not registered yet: refused, then rerun once it is
        "81003,,,\n"
    )
    change = {
        "action": "change_effective_date",
        "csv": dates,
        "effective_date": "2027-06-01",
        "reason": "a later wave",
    }
    before = running_hr.outbox_rows()
    simulated = await hr.post(
        "/bulk/transfers", json={**change, "simulate": True}, headers={"Idempotency-Key": "sim"}
    )
    assert simulated.json()["totals"] == {"rows": 3, "done": 2, "refused": 1, "error": 0}
    assert running_hr.outbox_rows() == before, "a simulation writes nothing"

    real = (await hr.post("/bulk/transfers", json=change, headers={"Idempotency-Key": "d"})).json()
    assert [(r["row"], r["post_number"], r["outcome"], r["reason"]) for r in real["rows"]] == [
        (1, "81001", "done", ""),
        (2, "81002", "refused", "post 80902 is not in the post register"),
        (3, "81003", "done", ""),
    ]
    assert real["rows"] == simulated.json()["rows"]
    again = await hr.post("/bulk/transfers", json=change, headers={"Idempotency-Key": "d"})
    assert again.json()["replayed"] is True
    assert running_hr.outbox_rows() == before + 2, "the same key does no work"

    manager = a_post("80902", team="FIN", title="Finance Lead", reports_to="80900")
    assert (await hr.post("/posts", json=manager)).status_code == 201
    rerun = {"action": "change_effective_date", "rerun_failed_of": real["run_id"]}
    rerun_report = (
        await hr.post("/bulk/transfers", json=rerun, headers={"Idempotency-Key": "r"})
    ).json()
    assert [(r["post_number"], r["outcome"]) for r in rerun_report["rows"]] == [("81002", "done")]

    rejects = [
        {"post_number": "81004", "reason": "post to be deleted"},
        {"post_number": "81001"},  # takes the run's reason
    ]
    body = {"action": "reject", "rows": rejects, "reason": "not in this wave"}
    rejected = (
        await hr.post("/bulk/transfers", json=body, headers={"Idempotency-Key": "x"})
    ).json()
    assert rejected["totals"]["done"] == 2
    cancel = {"action": "cancel", "post_numbers": ["81005", "81004"], "reason": "in error"}
    cancelled = (
        await hr.post("/bulk/transfers", json=cancel, headers={"Idempotency-Key": "c"})
    ).json()
    assert [(r["post_number"], r["outcome"]) for r in cancelled["rows"]] == [
        ("81005", "done"),
        ("81004", "refused"),
    ]
    no_reason = await hr.post(
        "/bulk/transfers",
        json={"action": "cancel", "post_numbers": ["81003"]},
        headers={"Idempotency-Key": "n"},
    )
    assert no_reason.status_code == 422
    assert no_reason.json()["detail"][0]["loc"] == ["body", "reason"]

    streams = await post_streams(running_hr.bootstrap, f"{running_hr.prefix}hr.posts", 20)
    for number in MOVING:
        assert_stream_is_whole(streams[number])
    told = {
        number: [(e["event_type"], e["payload"]) for e in streams[number][2:]] for number in MOVING
    }
    changed = [(kind, p.get("effective_date"), p.get("line_manager")) for kind, p in told["81002"]]
    assert changed == [("EffectiveDateChanged", "2027-06-01", "80902")]
    assert [kind for kind, _ in told["81001"]] == ["EffectiveDateChanged", "TransferRejected"]
    assert told["81001"][0][1]["line_manager"] == "80901"
    # The posts are filled: their reasons are on the log sealed, for HR alone to open.
    assert opened(running_hr.hr, told["81001"][1][1]["reason"]) == "not in this wave"
    assert [(kind, opened(running_hr.hr, p["reason"])) for kind, p in told["81004"]] == [
        ("TransferRejected", "post to be deleted")
    ]
    assert [(kind, p["stage"]) for kind, p in told["81005"]] == [("TransferCancelled", "proposed")]
    post = (await hr.get("/posts/81002")).json()
    live = post["transfers"][-1]
    assert (live["effective_date"], live.get("line_manager")) == ("2027-06-01", "80902")
