"""Per-post parking in EventConsumer, on SQLite with a fake dead-letter topic: a dead letter
holds back its post's later events in order, others go on, and a redrive or discard
releases them exactly once."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, MetaData, event, select

from shared.events import hr
from shared.events.catalogue import ReadEvent
from shared.kafka.consuming import EventConsumer
from shared.kafka.resolving import ResolutionRefused, approve_correction, discard, redrive
from shared.persistence.engine import make_engine
from shared.persistence.tables import messaging_tables
from tests.support.envelopes import StreamWriter, to_bytes


@dataclass
class Record:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes


class FakeDeadLetters:
    prefix = ""  # topics read here have no deployment prefix

    def __init__(self, topic: str = "hr.dead-letters") -> None:
        self.topic = topic  # whose consumer this is: HR's unless a test says otherwise
        self.sent: list[tuple[int, str]] = []

    async def send(self, record: Any, code: str, reason: str, consumer: str | None = None) -> None:
        self.sent.append((record.offset, code))


class Harness:
    def __init__(self, folder: Path, dead_letter_topic: str = "hr.dead-letters") -> None:
        metadata = MetaData()
        self.tables = messaging_tables(metadata)
        self.engine = make_engine(f"sqlite:///{folder}/consumer.db")
        metadata.create_all(self.engine)
        self.applied: list[str] = []  # "post:reason", in the order applied
        self.failing: set[str] = set()
        self.dead = FakeDeadLetters(dead_letter_topic)
        self.consumer = EventConsumer("test", self.engine, self.tables, self.apply, self.dead)  # type: ignore[arg-type]
        self.writer = StreamWriter("hr")
        self.offset = 0

    def apply(self, _: Connection, events: list[ReadEvent]) -> None:
        for read in events:
            payload = read.payload
            assert isinstance(payload, hr.PostUpdated)
            if payload.reason in self.failing:
                raise RuntimeError(f"cannot apply {payload.reason}")
            self.applied.append(f"{payload.post_number}:{payload.reason}")

    def good(self, post: str, reason: str) -> Record:
        document = self.writer.document(hr.PostUpdated(post_number=post, reason=reason), post)
        return self.raw(post, to_bytes(document))

    def raw(self, post: str, body: bytes) -> Record:
        self.offset += 1
        return Record("hr.posts", 0, self.offset, post.encode(), body)

    def letters(self) -> list[Any]:
        with self.engine.connect() as connection:
            return list(connection.execute(select(self.tables.dead_letters)))

    def interventions(self) -> list[tuple[str, dict[str, Any]]]:
        """(topic, document) of every event the resolutions put in the outbox."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(self.tables.outbox.c.topic, self.tables.outbox.c.body))
            return [(row.topic, json.loads(row.body)) for row in rows]


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    return Harness(tmp_path)


async def test_a_dead_letter_parks_its_posts_later_events_and_lets_other_posts_through(
    harness: Harness,
) -> None:
    batch = [harness.good("1", "a"), harness.raw("1", b"{bad"), harness.good("1", "b"),
             harness.good("2", "c"), harness.good("1", "d")]  # fmt: skip
    await harness.consumer.handle(batch)
    await harness.consumer.handle(batch)  # redelivered after a crash: nothing changes
    assert harness.applied == ["1:a", "2:c"]
    assert harness.dead.sent == [(2, "malformed_json")]
    [letter] = harness.letters()
    assert (letter.aggregate_key, letter.code, letter.status) == ("1", "malformed_json", "open")
    assert harness.consumer.parked == 2

    later = harness.good("1", "e")
    await harness.consumer.handle([later, harness.good("2", "f")])
    assert harness.applied == ["1:a", "2:c", "2:f"]


async def test_a_discard_is_recorded_and_releases_the_parked_events_in_order(
    harness: Harness,
) -> None:
    bad = harness.raw("1", b"{bad")
    await harness.consumer.handle([bad, harness.good("1", "b"), harness.good("1", "c")])
    [letter] = harness.letters()
    with pytest.raises(ResolutionRefused, match="still unreadable"):
        await redrive(harness.consumer, letter.id, "ops", "try again")
    done = await discard(harness.consumer, letter.id, "ops", "test harness rubbish")
    assert (done.status, done.released) == ("discarded", 2)
    assert harness.applied == ["1:b", "1:c"]
    [closed] = harness.letters()
    assert (closed.status, closed.resolved_by, closed.resolution) == (
        "discarded", "ops", "test harness rubbish"
    )  # fmt: skip
    await harness.consumer.handle([bad, harness.good("1", "d")])
    assert harness.applied == ["1:b", "1:c", "1:d"]
    [(topic, recorded)] = harness.interventions()  # the refused redrive recorded nothing
    assert (topic, recorded["event_type"], recorded["actor"]["id"]) == (
        "hr.interventions", "DeadLetterResolved", "ops"
    )  # fmt: skip
    assert recorded["aggregate_id"] == "test@hr.posts/0/1"
    assert {key: recorded["payload"][key] for key in ("action", "code", "released", "reason")} == {
        "action": "discarded", "code": "malformed_json", "released": 2,
        "reason": "test harness rubbish",
    }  # fmt: skip


async def test_a_corrected_redrive_applies_the_fix_first_then_the_parked_events(
    harness: Harness,
) -> None:
    document = harness.writer.document(hr.PostUpdated(post_number="1", reason="fixed"), "1")
    broken = {**document, "payload": {**document["payload"], "fte": 99}}
    await harness.consumer.handle([harness.raw("1", to_bytes(broken)), harness.good("1", "b")])
    [letter] = harness.letters()
    assert letter.code == "invalid_payload"
    corrected = json.dumps(document).encode()
    done = await redrive(harness.consumer, letter.id, "ops", "fte typo", corrected)
    assert (done.status, done.released) == ("redriven", 1)
    assert harness.applied == ["1:fixed", "1:b"]
    with pytest.raises(ResolutionRefused, match="already redriven"):
        await redrive(harness.consumer, letter.id, "ops", "again", corrected)
    [(_, recorded)] = harness.interventions()
    payload = recorded["payload"]
    assert (payload["action"], payload["event_id"]) == ("redriven_corrected", document["event_id"])
    assert payload["corrected_sha256"] == hashlib.sha256(corrected).hexdigest()
    # The corrected body itself stays off the log (it may hold personal data): only its hash.
    assert '"fixed"' not in json.dumps(payload)


async def test_a_correction_of_another_services_event_needs_a_second_person(
    tmp_path: Path,
) -> None:
    finance = Harness(tmp_path, "finance.dead-letters")  # Finance's consumer of HR's events
    document = finance.writer.document(hr.PostUpdated(post_number="1", reason="fixed"), "1")
    broken = {**document, "payload": {**document["payload"], "fte": 99}}
    await finance.consumer.handle([finance.raw("1", to_bytes(broken)), finance.good("1", "b")])
    [letter] = finance.letters()
    corrected = json.dumps(document).encode()
    with pytest.raises(ResolutionRefused, match="no correction is proposed"):
        await approve_correction(finance.consumer, letter.id, "ann", "looks right")
    proposed = await redrive(finance.consumer, letter.id, "ann", "fte typo", corrected)
    assert (proposed.status, finance.applied, finance.interventions()) == (
        "correction_proposed", [], []
    )  # fmt: skip
    with pytest.raises(ResolutionRefused, match="ann proposed this correction"):
        await approve_correction(finance.consumer, letter.id, "ann", "looks right")
    done = await approve_correction(finance.consumer, letter.id, "bob", "checked the FTE")
    assert (done.status, finance.applied) == ("redriven", ["1:fixed", "1:b"])
    [(topic, recorded)] = finance.interventions()
    assert (topic, recorded["actor"]["id"], recorded["payload"]["proposed_by"]) == (
        "finance.interventions", "bob", "ann"
    )  # fmt: skip


async def test_a_handler_failure_blocks_the_post_and_a_failing_parked_event_blocks_it_again(
    harness: Harness,
) -> None:
    harness.failing = {"a", "c"}
    await harness.consumer.handle(
        [harness.good("1", "a"), harness.good("1", "b"), harness.good("1", "c"),
         harness.good("1", "d"), harness.good("2", "x")]
    )  # fmt: skip
    assert harness.applied == ["2:x"]
    [letter] = harness.letters()
    assert (letter.code, letter.event_id is not None) == ("handler_failed", True)
    harness.failing = {"c"}
    done = await redrive(harness.consumer, letter.id, "ops", "bug fixed")
    assert (done.released, done.blocked_again_by is not None) == (1, True)
    assert harness.applied == ["2:x", "1:a", "1:b"]
    harness.failing = set()
    again = await redrive(harness.consumer, int(done.blocked_again_by or 0), "ops", "fixed")
    assert again.released == 1
    assert harness.applied == ["2:x", "1:a", "1:b", "1:c", "1:d"]


async def test_the_happy_path_asks_the_database_two_questions_per_batch(
    harness: Harness,
) -> None:
    selects: list[str] = []

    @event.listens_for(harness.engine, "before_cursor_execute")
    def count(_c: Any, _cur: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    await harness.consumer.handle([harness.good(str(n), "r") for n in range(200)])
    assert len(harness.applied) == 200
    assert len(selects) == 2, selects
