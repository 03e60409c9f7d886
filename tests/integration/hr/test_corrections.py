"""Correcting a recorded fact through HR's API on the real Kafka: refused with a reason when
there is nothing to correct, told as PostFactCorrected to the right department, and read
the same way by HR's org chart and the audit replay of the log."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.integration.hr.conftest import TODAY, RunningHr
from tests.integration.hr.support import post_streams, replayed_org_chart
from tests.support.posts import a_post

pytestmark = pytest.mark.kafka
WHY = {"reason": "registered against the wrong department", "decided_by": "Head of HR Ops"}


async def test_a_registered_department_is_corrected_and_every_reader_agrees(
    running_hr: RunningHr, tmp_path: Path
) -> None:
    hr = running_hr.client
    for number, line in (("100", None), ("10424", "100")):
        answer = await hr.post("/posts", json=a_post(number, reports_to=line))
        assert answer.status_code == 201, answer.text
    topic = f"{running_hr.prefix}hr.posts"
    registered = (await post_streams(running_hr.bootstrap, topic, 2))["10424"][0]["event_id"]
    manager = (await post_streams(running_hr.bootstrap, topic, 2))["100"][0]["event_id"]

    def correction(event: str, **values: Any) -> dict[str, Any]:
        return {"corrects_event_id": event, "values": values, **WHY}

    path = "/posts/10424/corrections"
    unknown = await hr.post(path, json=correction(manager, grade="Grade 9"))
    assert (unknown.status_code, unknown.json()["detail"]) == (
        404,
        f"post 10424 has no event {manager} to correct",
    )
    same = await hr.post(path, json=correction(registered, department="CS"))
    assert same.status_code == 409
    assert "already records these values: nothing to correct" in same.json()["detail"]
    assert (await hr.post(path, json=correction(registered))).status_code == 422
    loop = await hr.post("/posts/100/corrections", json=correction(manager, reports_to="10424"))
    assert loop.status_code == 409 and "round in a circle" in loop.json()["detail"]
    lead = running_hr.as_role("department_lead", "CS")
    as_lead = await hr.post(path, json=correction(registered, department="ASCH"), headers=lead)
    assert as_lead.status_code == 403

    done = await hr.post(path, json=correction(registered, department="ASCH", grade="Grade 8"))
    assert done.status_code == 200, done.text
    assert (done.json()["department"], done.json()["grade"]) == ("ASCH", "Grade 8")
    told = (await post_streams(running_hr.bootstrap, topic, 3))["10424"][-1]
    assert (told["event_type"], told["department"]) == ("PostFactCorrected", "ASCH")
    assert told["payload"]["corrections"] == [
        {"field": "department", "old": "CS", "new": "ASCH"},
        {"field": "grade", "old": "Grade 7", "new": "Grade 8"},
    ]
    live = (await hr.get("/org-chart", params={"as_of": TODAY.isoformat()})).json()
    replayed = await asyncio.to_thread(
        replayed_org_chart, running_hr.bootstrap, running_hr.prefix, str(TODAY), tmp_path
    )
    assert live == replayed
    asch = next(d for d in live["departments"] if d["department"] == "ASCH")
    assert [(n["post_number"], n["reports_to"]) for n in asch["posts"]] == [("10424", "100")]

    then = await hr.get("/posts/10424", params={"as_of": TODAY.isoformat()})
    assert (then.json()["department"], then.json()["grade"]) == ("ASCH", "Grade 8")
    before = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()  # nothing recorded yet
    unknown_then = await hr.get("/posts/10424", params={"as_known_on": before})
    assert unknown_then.status_code == 404
    assert "was not registered on 15 January 2027 as known on" in unknown_then.json()["detail"]
