"""The audit holds approvals to their wave's policy: a decision reference, and an equality
impact assessment completed first, where the wave required them."""

from __future__ import annotations

from datetime import date
from typing import Any

from shared.events import programme
from tests.support.envelopes import StreamWriter
from tests.unit.audit.helpers import replay_messages, rules
from tests.unit.audit.scenario import History, Message, at, clean_history

POLICY_RULES = {"approval_without_decision_reference", "approval_before_equality_assessment"}


def wave(**policy: Any) -> programme.WavePlanned:
    return programme.WavePlanned(
        wave_id="W1", plan_version=1, name="Wave 1: Finance", functions=["FIN"],
        departments=["CS", "ASC"], consultation_starts_on=date(2026, 2, 1),
        approval_by=date(2026, 3, 31), effective_on=date(2026, 4, 1), target_saving=50_000,
        owner_role="Director of Finance", status="in_progress", **policy,
    )  # fmt: skip


def with_wave(history: History, *payloads: tuple[programme.WaveEvent, date]) -> History:
    """The history with the wave's events put first in the log, recorded on their days."""
    writer = StreamWriter("workflow")
    messages = [
        Message(p.TOPIC, p.wave_id, writer.document(
            p, p.wave_id, None, "hr_staff", occurred_at=at(day, 9), recorded_at=at(day, 9)))
        for p, day in payloads
    ]  # fmt: skip
    history.messages[:0] = messages
    return history


def policy_findings(history: History) -> list[str]:
    return sorted(r for r in rules(replay_messages(history.messages)) if r in POLICY_RULES)


def test_a_wave_without_a_policy_asks_nothing_of_approvals() -> None:
    assert policy_findings(with_wave(clean_history(), (wave(), date(2026, 1, 2)))) == []


def test_approvals_without_a_decision_reference_are_reported_when_the_wave_required_one() -> None:
    history = with_wave(clean_history(), (wave(decision_reference_required=True), date(2026, 1, 2)))
    report = replay_messages(history.messages)
    found = [f for f in report.findings if f.rule == "approval_without_decision_reference"]
    assert sorted(f.message for f in found) == [
        "post 20001: approved without a decision reference, though Wave 1: Finance (W1) "
        "required one",
        "post 20002: approved without a decision reference, though Wave 1: Finance (W1) "
        "required one",
    ]


def test_an_approval_before_the_assessment_was_completed_is_reported_and_one_after_is_not() -> None:
    completed = programme.EqualityImpactAssessmentRecorded(
        wave_id="W1", status="completed", assessed_on=date(2026, 3, 1), link="https://eia"
    )
    required = wave(equality_assessment_required=True)
    late = with_wave(clean_history(), (required, date(2026, 1, 2)), (completed, date(2026, 3, 6)))
    assert policy_findings(late) == ["approval_before_equality_assessment"] * 2
    early = with_wave(clean_history(), (required, date(2026, 1, 2)), (completed, date(2026, 3, 1)))
    assert policy_findings(early) == []
