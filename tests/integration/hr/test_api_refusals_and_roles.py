"""What HR's API says when a request is wrong, unknown or not allowed — and that it keeps
nothing: 409 in an officer's words, 422 naming the field, 404, 403 with a message."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from services.hr.adapters.tables import messaging
from tests.integration.hr.conftest import RunningHr
from tests.support.outbox import business
from tests.support.posts import a_post

pytestmark = pytest.mark.kafka


async def test_refusals_and_bad_input_keep_nothing_and_say_why(running_hr: RunningHr) -> None:
    hr = running_hr.client
    await hr.post("/posts", json=a_post("10423"))
    before = running_hr.outbox_rows()

    unknown_post = await hr.post(
        "/posts/99999/transfer", json={"effective_date": "2027-04-01", "reason": "x"}
    )
    assert (unknown_post.status_code, unknown_post.json()["detail"]) == (
        404,
        "post 99999 is not in the post register",
    )
    unknown_team = await hr.post(
        "/posts/10423/transfer",
        json={"target_team": "Central Catering", "effective_date": "2027-04-01", "reason": "x"},
    )
    assert (unknown_team.status_code, unknown_team.json()["detail"]) == (
        404,
        "there is no centralised team called 'Central Catering'",
    )
    wrong_team = await hr.post(
        "/posts/10423/transfer",
        json={"target_team": "Central HR", "effective_date": "2027-04-01", "reason": "x"},
    )
    assert wrong_team.status_code == 409
    no_transfer = await hr.post("/posts/10423/transfer/approve")
    assert (no_transfer.status_code, no_transfer.json()["detail"]) == (
        409,
        "post 10423 has no transfer: propose one first",
    )
    twice = await hr.post("/posts", json=a_post("10423"))
    assert (twice.status_code, twice.json()["detail"]) == (
        409,
        "post 10423 is already in the post register",
    )

    bad_date = await hr.post(
        "/posts/10423/transfer", json={"effective_date": "next spring", "reason": "x"}
    )
    assert bad_date.status_code == 422
    assert bad_date.json()["detail"][0]["loc"] == ["body", "effective_date"]
    bad_fte = await hr.post("/posts", json=a_post("10424", fte=0))
    assert bad_fte.status_code == 422 and bad_fte.json()["detail"][0]["loc"] == ["body", "fte"]
    bad_department = await hr.post("/posts", json=a_post("10425", department="Catering"))
    assert bad_department.json()["detail"][0]["loc"] == ["body", "department"]
    bad_outcome = await hr.post(
        "/posts/10423/transfer/consultation/close", json={"outcome": "maybe"}
    )
    assert bad_outcome.json()["detail"][0]["loc"] == ["body", "outcome"]

    assert running_hr.outbox_rows() == before, "a refused command writes nothing"
    assert (await hr.get("/posts/10423")).json()["transfers"] == []


async def test_only_hr_staff_may_change_things_and_anyone_signed_in_may_read(
    running_hr: RunningHr,
) -> None:
    hr = running_hr.client
    await hr.post("/posts", json=a_post("10423"))
    changes = [
        ("POST", "/posts", a_post("10500")),
        ("PATCH", "/posts/10423", {"title": "X", "reason": "y"}),
        ("POST", "/posts/10423/transfer", {"effective_date": "2027-04-01", "reason": "x"}),
        ("POST", "/posts/10423/transfer/approve", None),
        ("POST", "/posts/10423/transfer/cancel", {"reason": "x"}),
        ("POST", "/transfers/take-effect-due", None),
        ("POST", "/bulk/transfers", {"action": "approve", "post_numbers": ["10423"]}),
    ]
    for role, department in [("finance_staff", None), ("auditor", None), ("department_lead", "CS")]:
        headers = running_hr.as_role(role, department)
        headers["Idempotency-Key"] = "k-role"
        for method, path, body in changes:
            answer = await hr.request(method, path, json=body, headers=headers)
            assert answer.status_code == 403, (role, path, answer.text)
            assert answer.json()["detail"] == (
                f"only HR staff may do this; you are signed in as {role}"
            )
        read = await hr.get("/posts/10423", headers=running_hr.as_role(role, department))
        assert read.status_code == 200
        assert "employee_name" not in read.json()
    other_lead = running_hr.as_role("department_lead", "ASCH")
    assert (await hr.get("/posts/10423", headers=other_lead)).status_code == 403
    assert (await hr.get("/posts", headers=other_lead)).json() == []
    anonymous = await hr.get("/posts/10423", headers={"Authorization": ""})
    assert anonymous.status_code == 401
    assert running_hr.outbox_rows() == 1


async def test_a_wrong_detail_is_corrected_by_a_new_event_naming_the_old_one(
    running_hr: RunningHr,
) -> None:
    hr = running_hr.client
    await hr.post("/posts", json=a_post("10423", annual_cost=14_000))
    with running_hr.hr.runtime.engine.connect() as connection:
        outbox = messaging.outbox
        registered = connection.scalar(select(outbox.c.event_id).where(business(outbox)))
    fixed = await hr.patch(
        "/posts/10423",
        json={"annual_cost": 41_000, "reason": "digits swapped", "corrects_event_id": registered},
    )
    assert fixed.status_code == 200 and fixed.json()["annual_cost"] == 41_000
    unknown = await hr.patch(
        "/posts/10423",
        json={
            "title": "X",
            "reason": "r",
            "corrects_event_id": "00000000-0000-0000-0000-000000000000",
        },
    )
    assert unknown.status_code == 404
    same = await hr.patch("/posts/10423", json={"annual_cost": 41_000, "reason": "again"})
    assert (same.status_code, same.json()["detail"]) == (
        409,
        "post 10423 already has these details",
    )


async def test_posts_are_listed_by_department_function_and_stage(running_hr: RunningHr) -> None:
    hr = running_hr.client
    csv_text = (
        "post_number,title,grade,fte,function,department,cost_centre,annual_cost\n"
        + "".join(
            f"{n},Officer,Grade 6,1,{f},{d},{d}-{f}-01,30000\n"
            for n, f, d in [
                (40001, "FIN", "CS"),
                (40002, "FIN", "CS"),
                (40003, "HR", "CS"),
                (40004, "FIN", "PLACE"),
                (40005, "FIN", "CS"),
            ]
        )
        + "40006,Officer,Grade 6,-1,FIN,CS,CC,1\n"
    )
    loaded = (
        await hr.post("/posts/csv", content=csv_text, headers={"Content-Type": "text/csv"})
    ).json()
    assert loaded["totals"] == {"rows": 6, "done": 5, "refused": 1, "error": 0}
    assert loaded["rows"][-1]["reason"].startswith("line 7: fte:")
    await hr.post("/posts/40002/transfer", json={"effective_date": "2027-04-01", "reason": "x"})

    fin_in_cs = (
        await hr.get("/posts", params={"department": "Children's Services", "function": "Finance"})
    ).json()
    assert [p["post_number"] for p in fin_in_cs] == ["40001", "40002", "40005"]
    proposed = (await hr.get("/posts", params={"stage": "proposed"})).json()
    assert [p["post_number"] for p in proposed] == ["40002"]
    bad_stage = await hr.get("/posts", params={"stage": "pending"})
    assert bad_stage.status_code == 422 and bad_stage.json()["detail"][0]["loc"][-1] == "stage"
