"""A future-dated change through HR's API on the real Kafka: pending until its date, then
applied by the scheduler that fires due transfers, each step told on `hr.posts`."""

from __future__ import annotations

from datetime import date

import pytest

from tests.integration.hr.conftest import StartHr
from tests.integration.hr.support import post_streams, wait_for
from tests.support.posts import a_post

pytestmark = pytest.mark.kafka


async def test_a_regrading_from_march_is_pending_until_then_and_applied_on_the_day(
    start_hr: StartHr,
) -> None:
    async with start_hr(scheduler_interval_s=0.2) as running:
        hr = running.client
        assert (await hr.post("/posts", json=a_post("10423"))).status_code == 201
        assert (await hr.post("/posts", json=a_post("100"))).status_code == 201
        change = {"grade": "Grade 8", "annual_cost": 44_500, "reason": "job evaluation"}
        answer = await hr.patch("/posts/10423", json={**change, "effective_date": "2027-03-01"})
        assert answer.status_code == 200, answer.text
        line = {"reports_to": "100", "reason": "new manager", "effective_date": "2027-03-01"}
        assert (await hr.put("/posts/10423/reports-to", json=line)).status_code == 200
        post = (await hr.get("/posts/10423")).json()
        assert (post["grade"], post["annual_cost"], post["reports_to"]) == ("Grade 7", 41_000, None)
        assert [p["changes"] for p in post["pending_changes"]] == [
            {"grade": "Grade 8", "annual_cost": 44_500},
            {"reports_to": "100"},
        ]
        # Recorded twice by mistake: on the day the second finds nothing left to change.
        again = await hr.patch("/posts/10423", json={**change, "effective_date": "2027-03-01"})
        assert again.status_code == 200

        running.hr.clock.set(date(2027, 3, 1))
        applied = await wait_for(hr, "/posts/10423", "pending_changes", [])
        assert (applied["grade"], applied["annual_cost"], applied["reports_to"]) == (
            "Grade 8",
            44_500,
            "100",
        )
        streams = await post_streams(running.bootstrap, f"{running.prefix}hr.posts", 7)
        kinds = [(e["event_type"], e["effective_date"]) for e in streams["10423"][1:]]
        assert kinds == [
            ("PostChangeScheduled", "2027-03-01"),
            ("PostChangeScheduled", "2027-03-01"),
            ("PostChangeScheduled", "2027-03-01"),
            ("PostUpdated", "2027-03-01"),
            ("ReportingLineChanged", "2027-03-01"),
        ]
        assert streams["10423"][-1]["actor"]["id"] == "system"
