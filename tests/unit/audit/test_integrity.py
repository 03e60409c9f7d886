"""Integrity of each aggregate's stream: sequences and the hash chain."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from shared.events import catalogue
from shared.events import hr as he
from shared.events.envelope import seal
from shared.events.signing import Signer, sign_and_seal
from tests.support.envelopes import to_bytes
from tests.unit.audit.helpers import replay_messages, replay_records, rules
from tests.unit.audit.scenario import FakeRecord, History, clean_history, records

HR_KEY = Signer.development("hr")


def _post_stream(count: int = 4) -> History:
    history = History()
    history.register("30001", "CS", 40_000, date(2026, 1, 5))
    for number in range(count - 1):
        history.emit(
            he.PostUpdated(post_number="30001", annual_cost=40_000 + number), date(2026, 1, 6)
        )
    return history


def test_a_clean_history_has_no_integrity_findings() -> None:
    report = replay_messages(clean_history().messages)
    assert report.integrity == []
    assert report.unreadable == []
    assert report.aggregates == 8  # five post streams, three post-budget streams


def test_an_altered_event_is_reported_where_it_sits() -> None:
    history = _post_stream()
    tampered = history.messages[2].document
    tampered["payload"] = {**tampered["payload"], "annual_cost": 99_999}  # hash left as it was
    report = replay_messages(history.messages)
    assert rules(report) == ["altered"]
    finding = report.integrity[0]
    assert finding.aggregate == "post/30001"
    assert finding.events[0].event_id == tampered["event_id"]
    assert (finding.events[0].topic, finding.events[0].partition, finding.events[0].offset) == (
        "hr.posts",
        0,
        2,
    )


def test_a_missing_event_is_reported_with_its_sequence_and_the_event_after_the_gap() -> None:
    history = _post_stream()
    removed = history.messages.pop(1)
    report = replay_messages(history.messages)
    assert rules(report) == ["missing_sequence"]
    assert "sequence 2 is missing" in report.integrity[0].message
    assert report.integrity[0].events[0].event_id == history.messages[1].document["event_id"]
    assert removed.document["sequence"] == 2


def test_a_redelivered_duplicate_is_counted_not_reported_and_folded_once() -> None:
    history = _post_stream()
    history.messages.append(history.messages[1])
    report = replay_messages(history.messages)
    assert report.findings == []
    assert report.duplicates == 1
    assert report.event_types["PostUpdated"] == 3


def test_another_event_claiming_a_taken_sequence_is_a_repeated_sequence() -> None:
    history = _post_stream()
    impostor = {**history.messages[1].document, "event_id": "7b1d9a8e-0000-4000-8000-000000000001"}
    history.messages.append(
        history.messages[1].__class__("hr.posts", "30001", sign_and_seal(impostor, HR_KEY))
    )
    report = replay_messages(history.messages)
    assert rules(report) == ["repeated_sequence"]


def test_an_event_read_after_a_later_one_is_reordered_not_missing() -> None:
    history = _post_stream()
    history.messages[1], history.messages[2] = history.messages[2], history.messages[1]
    report = replay_messages(history.messages)
    assert rules(report) == ["reordered"]
    assert "sequence 2 arrived after sequence 3" in report.integrity[0].message


def test_a_resealed_event_that_does_not_link_to_its_predecessor_breaks_the_chain() -> None:
    history = _post_stream()
    forged = {**history.messages[2].document, "prev_hash": "ab" * 32}
    history.messages[2].document = sign_and_seal(forged, HR_KEY)  # even with HR's own key
    report = replay_messages(history.messages)
    # the forged event does not link back, and the next one no longer links to it
    assert rules(report) == ["broken_chain", "broken_chain"]
    assert [f.events[0].offset for f in report.integrity] == [2, 3]


def test_reading_from_a_date_accepts_streams_that_start_part_way() -> None:
    history = _post_stream()
    report = replay_messages(history.messages[2:], history_complete=False)
    assert report.integrity == []
    whole = replay_messages(history.messages[2:])
    assert rules(whole) == ["missing_sequence", "missing_sequence"]


def test_an_undecodable_message_is_a_finding_and_the_replay_goes_on() -> None:
    found = [FakeRecord("hr.posts", 0, 0, b"{not json"), *records(_post_stream().messages)]
    found[1:] = [FakeRecord(r.topic, r.partition, r.offset + 1, r.value) for r in found[1:]]
    report = replay_records(found)
    assert rules(report) == ["malformed_json"]
    assert report.unreadable[0].events[0].offset == 0
    assert report.event_types["PostRegistered"] == 1


def test_an_event_of_an_old_schema_version_is_read_through_its_upcaster(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
        return {**payload, "reason": payload.get("reason") or "upcast from version 1"}

    history = _post_stream(count=2)
    monkeypatch.setattr(he.PostUpdated, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(catalogue.UPCASTERS, ("PostUpdated", 1), v1_to_v2)
    report = replay_messages(history.messages)
    assert history.messages[1].document["schema_version"] == 1
    assert report.findings == []
    assert report.event_types["PostUpdated"] == 1


def test_the_wire_form_is_what_the_hash_is_checked_on() -> None:
    document = _post_stream(count=1).messages[0].document
    assert to_bytes(document)  # the records carry exactly these bytes
    report = replay_records([FakeRecord("hr.posts", 3, 41, to_bytes(document))])
    assert report.findings == []


def test_a_prev_hash_changed_only_in_its_last_characters_still_breaks_the_chain() -> None:
    history = _post_stream()
    stated = history.messages[2].document["prev_hash"]
    forged = {
        **history.messages[2].document,
        "prev_hash": stated[:-1] + ("0" if stated[-1] != "0" else "1"),
    }
    history.messages[2].document = sign_and_seal(forged, HR_KEY)
    report = replay_messages(history.messages)
    assert [(f.rule, f.events[0].offset) for f in report.integrity] == [
        ("broken_chain", 2),
        ("broken_chain", 3),
    ]


def test_a_history_rewritten_with_recomputed_hashes_is_refused_for_its_signatures() -> None:
    history = _post_stream()
    rewritten = [seal({**m.document, "payload": {**m.document["payload"], "reason": "other"}})
                 if m.document["event_type"] == "PostUpdated" else m.document
                 for m in history.messages]  # fmt: skip
    for message, document in zip(history.messages, rewritten, strict=True):
        message.document = document
    report = replay_messages(history.messages)
    assert set(rules(report)) == {"bad_signature", "broken_chain"}
    assert "not its producer's" in report.integrity[0].message
    assert report.event_types.get("PostUpdated", 0) == 0  # as every consumer, applied none
