"""The audit pairs dead letters (on the dead-letter topics) with their resolutions (on the
interventions topics): one left open past the policy's age is a finding, and so is a
resolution of a dead letter the log never held."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from shared.events.interventions import DeadLetterResolved
from tests.support.envelopes import StreamWriter, to_bytes
from tests.unit.audit.helpers import replay_records, rules

SET_ASIDE = datetime(2027, 5, 4, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Record:
    """A Kafka record as the replay reads it, headers and timestamp included."""

    topic: str
    partition: int
    offset: int
    value: bytes | None
    headers: list[tuple[str, bytes]] = field(default_factory=list)
    timestamp: int = 0


def dead_letter(offset: int, consumer: str = "finance.transfers") -> Record:
    headers = {"x-dead-letter-code": "handler_failed", "x-dead-letter-reason": "no cost centre",
               "x-source-topic": "t-hr.posts", "x-source-partition": "1",
               "x-source-offset": str(offset), "x-consumer": consumer}  # fmt: skip
    return Record(
        "t-finance.dead-letters", 0, offset, b"{not even json",
        [(name, value.encode()) for name, value in headers.items()],
        int(SET_ASIDE.timestamp() * 1000),
    )  # fmt: skip


def resolution(offset: int, at: int, **how: Any) -> Record:
    fields = {"action": "discarded", "reason": "a test harness wrote it", **how}
    payload = DeadLetterResolved(
        consumer="finance.transfers", source_topic="hr.posts", source_partition=1,
        source_offset=offset, message_key="10423", code="handler_failed", released=0, **fields,
    )  # fmt: skip
    key = f"finance.transfers@hr.posts/1/{offset}"
    bob = {"id": "bob", "role": "finance_staff", "department": None}
    document = StreamWriter("finance").document(payload, key, None, actor=bob)
    return Record("t-finance.interventions", 0, at, to_bytes(document))


def test_a_dead_letter_resolved_by_an_intervention_is_not_a_finding() -> None:
    found = [dead_letter(7), resolution(7, at=0)]
    report = replay_records(found, read_at=SET_ASIDE + timedelta(days=30))
    assert rules(report) == []
    assert report.event_types["DeadLetterResolved"] == 1


def test_a_dead_letter_open_longer_than_the_policy_allows_is_a_finding() -> None:
    found = [dead_letter(7), dead_letter(8), resolution(7, at=0)]
    assert rules(replay_records(found, read_at=SET_ASIDE + timedelta(hours=23))) == []
    report = replay_records(found, read_at=SET_ASIDE + timedelta(hours=25))
    [finding] = report.findings
    assert finding.rule == "dead_letter_left_open"
    assert finding.message.startswith("finance.transfers@hr.posts/1/8 was set aside")
    assert "25 hours" in finding.message


def test_a_resolution_of_a_dead_letter_the_log_never_held_is_a_finding() -> None:
    report = replay_records([resolution(9, at=0)], read_at=SET_ASIDE)
    [finding] = report.findings
    assert finding.rule == "dead_letter_left_open"
    assert "no such dead letter is on the log" in finding.message
    from_a_date = replay_records([resolution(9, at=0)], history_complete=False, read_at=SET_ASIDE)
    assert rules(from_a_date) == [], "from a date, the letter may be before the window"


def test_a_letter_set_aside_by_another_consumer_of_the_same_message_stays_open() -> None:
    found = [dead_letter(7, consumer="finance.savings"), resolution(7, at=0)]
    report = replay_records(found, read_at=SET_ASIDE + timedelta(days=2))
    assert [f.message.split(" ")[0] for f in report.findings] == [
        "finance.savings@hr.posts/1/7", "finance.transfers@hr.posts/1/7"
    ]  # fmt: skip


def test_a_correction_of_another_services_event_by_one_person_is_a_finding() -> None:
    corrected = {"action": "redriven_corrected", "corrected_sha256": "ab" * 32}
    found = [dead_letter(7), dead_letter(8), dead_letter(9),
             resolution(7, 0, **corrected, proposed_by="ann"),
             resolution(8, 1, **corrected),
             resolution(9, 2, **corrected, proposed_by="bob")]  # fmt: skip
    report = replay_records(found, read_at=SET_ASIDE)
    assert [(f.rule, f.message.split(":")[0]) for f in report.findings] == [
        ("correction_by_one_person", "dead_letter/finance.transfers@hr.posts/1/8"),
        ("correction_by_one_person", "dead_letter/finance.transfers@hr.posts/1/9"),
    ]
