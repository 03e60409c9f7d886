"""Messages Finance cannot read go to `finance.dead-letters` with the reason; it goes on.

(A dead letter parks later events of its own post: see tests/reliability/test_poison_events.py;
here the bad messages are about another post, so the good one is applied at once.)"""

from __future__ import annotations

import pytest

from shared.events import hr
from tests.integration.finance.conftest import RunningFinance
from tests.integration.finance.reading import events_of, types
from tests.integration.finance.test_budget_saga import load, new_post
from tests.support.events import proposed
from tests.support.topics import read_until, write

pytestmark = [pytest.mark.kafka, pytest.mark.asyncio(loop_scope="session")]


async def test_malformed_and_unknown_events_are_set_aside_and_the_next_good_one_applies(
    finance: RunningFinance,
) -> None:
    await load(finance, "CS-FIN-01", 10_000_000)
    post, other = new_post(), new_post()
    moved_by_magic = hr.PostUpdated(post_number=other, reason="moved by magic")
    teleported = finance.hr.document(moved_by_magic, event_type="PostTeleported")
    good = finance.hr.document(proposed(post, "T-dl", cost=10_000), department="CS")
    topic = finance.topic("hr.posts")
    await write(
        finance.bootstrap,
        [(topic, other, b"{this is not json"), (topic, other, teleported), (topic, post, good)],
    )
    assert types(await events_of(finance.bootstrap, finance.topic("finance.budgets"), post, 1)) == [
        "BudgetCheckPassed"
    ]
    dead = await read_until(
        finance.bootstrap,
        finance.topic("finance.dead-letters"),
        lambda ms: sum(m["key"] == other for m in ms) >= 2,
    )
    mine = [m for m in dead if m["key"] == other]
    assert [m["headers"]["x-dead-letter-code"] for m in mine] == [
        "malformed_json",
        "unknown_event_type",
    ]
    assert "PostTeleported" in mine[1]["headers"]["x-dead-letter-reason"]
    assert mine[0]["headers"]["x-source-topic"] == finance.topic("hr.posts")
    assert mine[0]["headers"]["x-consumer"] == "finance.transfers"
