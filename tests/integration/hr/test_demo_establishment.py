"""HR seeds the demo establishment into an empty register and publishes its processes."""

from __future__ import annotations

import pytest

from tests.integration.hr.conftest import StartHr
from tests.integration.hr.support import post_streams, wait_for
from tests.support.topics import read_topic
from tests.support.waiting import eventually_get_async

pytestmark = pytest.mark.kafka


async def test_an_empty_register_is_seeded_with_the_demo_establishment(start_hr: StartHr) -> None:
    async with start_hr(demo_support_posts=120) as running:
        hr = running.client
        await wait_for(hr, "/posts/10120", "post_number", "10120")
        await eventually_get_async(  # the last step of the seeding
            hr, "/posts", lambda r: bool(r.json()), params={"stage": "consultation_closed"}
        )
        streams = await post_streams(running.bootstrap, f"{running.prefix}hr.posts", 120)
        assert len(streams) == 120
        stages = {p["stage"] for p in (await hr.get("/posts", params={"limit": 500})).json()}
        assert {"proposed", "in_consultation", "consultation_closed"} <= stages
        processes = await read_topic(running.bootstrap, f"{running.prefix}hr.redesign")
        assert processes
        registered = [m for m in processes if m["value"]["event_type"] == "ProcessRegistered"]
        assert {m["value"]["payload"]["function"] for m in registered} == {"HR"}
        # HR's own candidates, one in every status (the demo plan of `shared.demo`)
        assert "CandidateDelivered" in {m["value"]["event_type"] for m in processes}
        everything = str([e for s in streams.values() for e in s])
        assert "@county-council.example" not in everything, "emails stay in HR's database"
