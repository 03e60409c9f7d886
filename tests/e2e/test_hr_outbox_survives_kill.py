"""Kill HR with SIGKILL between commit and publish, twice; after restart every committed
event is on `hr.posts`: none lost, sequences unbroken per post, the hash chain intact,
and the deduplicated view exactly the events HR committed.

Each kill lands at armed fault points (`shared/faults.py`), not at a lucky moment: the
relay has published a batch but not marked it sent, and (the second time) a bulk run
has committed its first chunk, whose events the paused relay has not published."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from services.hr.adapters.tables import messaging
from services.hr.application.bulk import ROWS_PER_CHUNK
from shared.persistence.engine import make_engine
from tests.conftest import token_for
from tests.integration.hr.support import assert_stream_is_whole, establishment_csv, post_streams
from tests.support.databases import NewDatabase
from tests.support.outbox import business
from tests.support.services import (
    armed_at,
    post_bulk_while_killed,
    start_services,
    wait_paused_at,
)
from tests.support.waiting import eventually

pytestmark = pytest.mark.kafka
POSTS = 300


def _outbox(engine: Any, unsent: bool = False) -> int:
    query = select(func.count()).select_from(messaging.outbox)
    if unsent:
        query = query.where(messaging.outbox.c.sent_at.is_(None))
    with engine.connect() as connection:
        return int(connection.scalar(query) or 0)


async def test_events_committed_before_a_kill_are_all_published_after_restart(
    kafka_bootstrap: str, new_database: NewDatabase, topic_prefix: str, artifacts: Path
) -> None:
    database_url = new_database("hr")
    engine = make_engine(database_url)
    headers = {"Authorization": f"Bearer {token_for('hr_staff')}"}

    def start(**extra: str) -> Any:
        # One bulk worker: chunks run one after another, so a paused chunk stops the run.
        env = {"SCHEDULER_INTERVAL_S": "3600", "BULK_WORKERS": "1", **extra}
        return start_services(
            ["hr"], kafka_bootstrap, topic_prefix, {"hr": database_url}, artifacts, env
        )["hr"]

    marker = artifacts / "fault-marker"

    # 1. The load commits; the relay publishes it and is killed before marking it sent.
    hr = start(**armed_at(marker, "relay.batch_published"))
    loaded = httpx.post(
        f"{hr.url}/posts/csv",
        content=establishment_csv(POSTS),
        timeout=120,
        headers={**headers, "Content-Type": "text/csv"},
    )
    assert loaded.json()["totals"]["done"] == POSTS
    wait_paused_at(marker, "relay.batch_published")
    hr.kill()
    unsent_at_first_kill = _outbox(engine, unsent=True)
    assert unsent_at_first_kill == _outbox(engine) >= POSTS, "nothing was marked sent"

    # 2. Kill in the middle of a bulk run: its first chunk committed and not published,
    # the load republished by the restarted relay and again not marked sent.
    hr = start(**armed_at(marker, "relay.batch_published", "bulk.chunk_committed"))
    body = {
        "action": "propose",
        "post_numbers": [str(10001 + i) for i in range(POSTS)],
        "effective_date": "2027-04-01",
        "reason": "centralise",
    }
    arguments = (hr.url, headers, body, "killed-run")
    bulk = threading.Thread(target=post_bulk_while_killed, args=arguments)
    bulk.start()
    wait_paused_at(marker, "relay.batch_published", "bulk.chunk_committed")
    hr.kill()
    bulk.join()
    unsent_at_second_kill = _outbox(engine, unsent=True)
    assert unsent_at_second_kill == _outbox(engine), "nothing was marked sent"
    # The load's events and one TransferProposed per row of the first chunk: mid-run.
    assert unsent_at_second_kill == unsent_at_first_kill + ROWS_PER_CHUNK < 2 * POSTS

    # 3. Restart: the relay publishes what was left.
    hr = start()
    try:
        eventually(lambda: _outbox(engine, unsent=True), lambda n: n == 0, what="all sent")
    finally:
        assert hr.stop() == 0
    with engine.connect() as connection:
        committed = {
            row.event_id: row.message_key
            for row in connection.execute(
                select(messaging.outbox.c.event_id, messaging.outbox.c.message_key).where(
                    business(messaging.outbox)
                )
            )
        }
    engine.dispose()

    streams = await post_streams(kafka_bootstrap, f"{topic_prefix}hr.posts", len(committed))
    on_topic = {e["event_id"]: e["aggregate_id"] for s in streams.values() for e in s}
    assert on_topic == committed, "the deduplicated topic is exactly what HR committed"
    assert len(streams) == POSTS
    for events in streams.values():
        assert events[0]["event_type"] == "PostRegistered"
        assert_stream_is_whole(events)
    (artifacts / "kills.txt").write_text(
        f"committed={len(committed)} unsent_at_first_kill={unsent_at_first_kill} "
        f"unsent_at_second_kill={unsent_at_second_kill}\n"
    )
