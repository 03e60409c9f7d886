"""A consumer applies only events that agree with themselves: the producer owns the topic,
the event type belongs on it, and the hash matches the content. Anything else is a dead
letter with the reason; the post's later events wait behind it."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest

from shared.events import finance, hr
from shared.events.signing import Signer
from shared.kafka.resolving import ResolutionRefused, discard, redrive
from tests.support.envelopes import StreamWriter, to_bytes, unsigned
from tests.unit.shared.test_parking import Harness


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    return Harness(tmp_path)


async def test_an_event_whose_hash_does_not_match_its_content_is_set_aside(
    harness: Harness,
) -> None:
    altered = harness.writer.document(hr.PostUpdated(post_number="1", reason="b"), "1")
    altered["payload"]["reason"] = "rewritten"
    zeros = harness.writer.document(hr.PostUpdated(post_number="2", reason="c"), "2")
    zeros["hash"] = "0" * 64
    batch = [harness.good("1", "a"), harness.raw("1", to_bytes(altered)),
             harness.raw("2", to_bytes(zeros)), harness.good("3", "d")]  # fmt: skip
    await harness.consumer.handle(batch)
    assert harness.applied == ["1:a", "3:d"]
    assert harness.dead.sent == [(2, "hash_mismatch"), (3, "hash_mismatch")]
    assert [letter.aggregate_key for letter in harness.letters()] == ["1", "2"]


async def test_another_producer_on_the_topic_is_set_aside_however_well_formed(
    harness: Harness,
) -> None:
    posing = StreamWriter("finance").document(hr.PostUpdated(post_number="1", reason="x"), "1")
    await harness.consumer.handle([harness.raw("1", to_bytes(posing)), harness.good("2", "a")])
    assert harness.applied == ["2:a"]
    assert harness.dead.sent == [(1, "wrong_producer")]
    [letter] = harness.letters()
    assert "from 'finance' on hr.posts, which only 'hr' publishes" in letter.reason


async def test_an_event_type_of_another_topic_is_set_aside(harness: Harness) -> None:
    check = finance.BudgetCheckPassed(
        post_number="1", transfer_id="T-1", cost_centre="CS-1", annual_cost=1, headroom=0
    )
    stray = StreamWriter("hr").document(check, "1")  # a finance event, on hr.posts
    await harness.consumer.handle([harness.raw("1", to_bytes(stray))])
    assert harness.applied == []
    [letter] = harness.letters()
    assert (letter.code, letter.reason) == (
        "wrong_topic",
        "BudgetCheckPassed is not an event of hr.posts",
    )


async def test_an_event_refused_as_untrustworthy_can_be_discarded_but_not_redriven(
    harness: Harness,
) -> None:
    zeros = harness.writer.document(hr.PostUpdated(post_number="1", reason="x"), "1")
    zeros["hash"] = "0" * 64
    await harness.consumer.handle([harness.raw("1", to_bytes(zeros)), harness.good("1", "b")])
    [letter] = harness.letters()
    with pytest.raises(ResolutionRefused, match="refused as untrustworthy \\(hash_mismatch"):
        await redrive(harness.consumer, letter.id, "ops", "looks fine to me")
    done = await discard(harness.consumer, letter.id, "ops", "forged: reported to security")
    assert (done.status, done.released, harness.applied) == ("discarded", 1, ["1:b"])


async def test_a_correction_may_change_the_payload_only(harness: Harness) -> None:
    document = harness.writer.document(hr.PostUpdated(post_number="1", reason="ok"), "1")
    broken = {**document, "payload": {**document["payload"], "fte": 99}}
    await harness.consumer.handle([harness.raw("1", to_bytes(broken))])
    [letter] = harness.letters()
    for field, value in (("producer", "finance"), ("event_id", str(uuid.uuid4())),
                         ("actor", {"id": "someone-else", "role": "hr_staff"})):  # fmt: skip
        other = json.dumps({**document, field: value}).encode()
        with pytest.raises(ResolutionRefused):
            await redrive(harness.consumer, letter.id, "ops", "sneak", other)
    assert harness.applied == []
    fixed = json.dumps({**document, "payload": {**document["payload"], "reason": "fixed"}})
    done = await redrive(harness.consumer, letter.id, "ops", "fte typo", fixed.encode())
    assert (done.status, harness.applied) == ("redriven", ["1:fixed"])


async def test_a_forged_event_parked_behind_a_dead_letter_is_checked_when_released(
    harness: Harness,
) -> None:
    posing = StreamWriter("finance").document(hr.PostUpdated(post_number="1", reason="x"), "1")
    await harness.consumer.handle([harness.raw("1", b"{bad"), harness.raw("1", to_bytes(posing))])
    first = harness.letters()[0]
    await discard(harness.consumer, first.id, "ops", "rubbish")
    assert harness.applied == []
    [_, again] = harness.letters()
    assert "which only 'hr' publishes" in again.reason


async def test_an_unsigned_or_forged_signature_is_set_aside_with_the_reason(
    harness: Harness,
) -> None:
    forger = StreamWriter("hr", Signer.from_seed("hr", os.urandom(32)))
    bare = unsigned(harness.writer.document(hr.PostUpdated(post_number="1", reason="a"), "1"))
    forged = forger.document(hr.PostUpdated(post_number="2", reason="b"), "2")
    batch = [harness.raw("1", to_bytes(bare)), harness.raw("2", to_bytes(forged)),
             harness.good("3", "c")]  # fmt: skip
    await harness.consumer.handle(batch)
    assert harness.applied == ["3:c"]
    assert harness.dead.sent == [(1, "unsigned"), (2, "unknown_key")]
    [_, letter] = harness.letters()
    assert "which the key registry lacks" in letter.reason
    with pytest.raises(ResolutionRefused, match="refused as untrustworthy \\(unknown_key"):
        await redrive(harness.consumer, letter.id, "ops", "it is only a signature")
