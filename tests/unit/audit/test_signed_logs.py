"""The replay rebuilds each producer's signed log from the events' positions and holds it
to every checkpoint the producer signed: on the log, or kept by the auditor in a file."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.audit.adapters import fast_json
from services.audit.application.replay import Replay, ReplayOptions
from services.audit.domain.report import AuditReport
from services.audit.domain.scope import Scope
from shared.events.envelope import hash_is_valid
from shared.events.keys import KeyRegistry
from shared.events.signing import Signer, sign_and_seal
from tests.support.envelopes import to_bytes
from tests.support.signed_logs import Positioned, SignedLogWriter
from tests.unit.audit.scenario import FakeRecord, clean_history


class CountingKeys(KeyRegistry):
    """The repository's registry, counting the events it verifies one by one."""

    def __init__(self) -> None:
        super().__init__(list(KeyRegistry.load().keys.values()))
        self.verified = 0

    def refusal(self, document: dict[str, Any]) -> tuple[str, str] | None:
        self.verified += 1
        return super().refusal(document)


def published(every: int = 5) -> tuple[list[Positioned], SignedLogWriter]:
    logs = SignedLogWriter(every)
    placed = [p for m in clean_history().messages for p in logs.publish(m.topic, m.key, m.document)]
    return placed + logs.finish(), logs


def replay(placed: list[Positioned], keys: KeyRegistry | None = None, notes: tuple[str, ...] = (),
           options: ReplayOptions | None = None) -> AuditReport:  # fmt: skip
    offsets: dict[str, int] = {}
    found = []
    for topic, _, document, headers in placed:
        offsets[topic] = offsets.get(topic, -1) + 1
        found.append(FakeRecord(topic, 0, offsets[topic], to_bytes(document), tuple(headers)))
    run = Replay(options or ReplayOptions(keys=keys), fast_json.decode, hash_is_valid)
    run.take_checkpoints([r for r in found if r.topic.endswith(".checkpoints")])
    for number, note in enumerate(notes):
        run.take_checkpoint(note, f"from file {number}")
    run.take(found)
    return run.finish()


def log_rules(report: AuditReport) -> list[str]:
    return [f.rule for f in report.integrity if (f.aggregate or "").startswith("signed_log/")]


def test_a_whole_log_matches_every_checkpoint_and_is_verified_by_them_not_event_by_event() -> None:
    placed, _ = published()
    keys = CountingKeys()
    report = replay(placed, keys)
    assert report.findings == []
    tail = len(placed) - max(cp.size for cp in _.checkpoints["hr"])
    assert keys.verified <= tail + 6  # the tails after the last checkpoints, and the first pass


def test_events_deleted_at_the_head_or_in_the_middle_are_reported() -> None:
    placed, _ = published()
    hr_events = [i for i, p in enumerate(placed) if p[2]["producer"] == "hr"]
    head, middle = hr_events[0], hr_events[len(hr_events) // 2]
    for dropped, rule in ((head, "truncated_head"), (middle, "skipped_event")):
        report = replay([p for i, p in enumerate(placed) if i != dropped])
        assert rule in log_rules(report), (rule, report.integrity)


def test_a_history_rewritten_and_resigned_with_the_producers_own_key_breaks_its_checkpoints() -> (
    None
):
    placed, _ = published()
    at = next(i for i, p in enumerate(placed) if p[2]["event_type"] == "TransferApproved")
    topic, key, document, headers = placed[at]
    other = {**document, "actor": {"id": "someone-else", "role": "hr_manager", "department": None}}
    placed[at] = (topic, key, sign_and_seal(other, Signer.development("hr")), headers)
    report = replay(placed)
    assert "rewritten_history" in log_rules(report)
    assert "do not hash to the root it signed" in report.integrity[-1].message


def test_a_checkpoint_kept_outside_kafka_finds_a_tail_cut_together_with_its_checkpoints() -> None:
    placed, logs = published()
    kept = logs.checkpoints["hr"][-1].note  # the auditor's copy of HR's latest checkpoint
    cut = len(placed) - 8  # the last events and the checkpoints that covered them, gone
    assert placed[-1][2]["event_type"] == "CheckpointSigned"
    assert log_rules(replay(placed[:cut])) == []  # the log alone looks whole
    assert "truncated_tail" in log_rules(replay(placed[:cut], notes=(kept,)))


def test_a_checkpoint_not_signed_by_its_producer_is_reported_and_trusted_for_nothing() -> None:
    placed, logs = published()
    forged = logs.checkpoints["hr"][-1].note.replace("onecouncil/hr\n", "onecouncil/hr\n", 1)
    forged = forged.replace(forged.split("\n")[1], "999", 1)
    report = replay(placed, notes=(forged,))
    assert [f.rule for f in report.integrity] == ["bad_checkpoint"]
    assert "is not signed by its producer" in report.integrity[0].message


def test_a_replay_of_one_department_one_post_or_an_earlier_day_still_holds_the_whole_log() -> None:
    placed, _ = published()
    for options in (
        ReplayOptions(scope=Scope(department="CS")),
        ReplayOptions(scope=Scope(post="20002")),
        ReplayOptions(as_known_on=date(2026, 2, 1)),
    ):
        report = replay(placed, options=options)
        assert log_rules(report) == [], options
        assert report.events_in_scope < len(placed)
    hr_events = [i for i, p in enumerate(placed) if p[2]["producer"] == "hr"]
    middle = hr_events[len(hr_events) // 2]
    scoped = ReplayOptions(scope=Scope(post="20005"))
    assert "skipped_event" in log_rules(replay([p for i, p in enumerate(placed) if i != middle],
                                               options=scoped))  # fmt: skip


def test_a_replay_from_a_date_misses_the_head_by_choice_yet_finds_a_skipped_event() -> None:
    placed, _ = published()
    hr_events = [i for i, p in enumerate(placed) if p[2]["producer"] == "hr"]
    later = placed[hr_events[3] :]
    from_a_date = ReplayOptions(history_complete=False)
    assert log_rules(replay(later, options=from_a_date)) == []
    middle = hr_events[len(hr_events) // 2] - hr_events[3]
    gapped = [p for i, p in enumerate(later) if i != middle]
    assert log_rules(replay(gapped, options=from_a_date)) == ["skipped_event"]
