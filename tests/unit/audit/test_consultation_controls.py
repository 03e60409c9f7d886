"""The consultation controls: each catches its violation on a built log, names the events,
and passes a history that kept the rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.audit.domain.records import Finding
from tests.support.events import (
    decision_recorded,
    exercise_closed,
    exercise_opened,
    question_answered,
    question_asked,
    scope_proposed,
)
from tests.unit.audit.helpers import replay_messages
from tests.unit.audit.scenario import History

OPENED = date(2026, 3, 2)


def _posts(*posts: str) -> History:
    history = History()
    for post in posts:
        history.register(post, "CS", 40_000, date(2026, 1, 5))
    return history


def _ids(history: History, event_type: str) -> list[str]:
    return [
        str(m.document["event_id"])
        for m in history.messages
        if m.document["event_type"] == event_type
    ]


def _found(history: History, rule: str, **options: object) -> list[Finding]:
    report = replay_messages(history.messages, **options)
    return [finding for finding in report.controls if finding.rule == rule]


def _only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


def _the_finding(
    history: History, rule: str, message: str, first_event: str, *then: str
) -> Finding:
    """The one finding of `rule`, saying `message` and naming the first `first_event` first
    (and, when `then` is given, exactly those event types after it)."""
    finding = _only(_found(history, rule))
    assert finding.message == message
    assert finding.events[0].event_id == _ids(history, first_event)[0]
    if then:
        assert [ref.event_type for ref in finding.events] == [first_event, *then]
    return finding


def _exercise_of(history: History, closed: date, outcome: str = "agreed", **opened: Any) -> None:
    """Post 50001's transfer T-1 consulted in exercise CX-1 from OPENED to `closed`."""
    history.propose("50001", "T-1", date(2026, 3, 1), date(2026, 7, 1))
    history.emit(exercise_opened("CX-1", ("50001",), OPENED, **opened), OPENED)
    history.open_consultation("50001", "T-1", OPENED, closed, exercise="CX-1")
    history.emit(exercise_closed("CX-1", closed, outcome), closed)
    history.close_consultation("50001", "T-1", closed, outcome, exercise="CX-1")


def _fifteen_at_risk(history: History, opened: date) -> None:
    """An earlier exercise of 15 posts proposed as redundant."""
    at_risk = tuple(f"5{n:04}" for n in range(15))
    history.emit(exercise_opened("CX-0", at_risk, opened, at_risk=at_risk), opened)


def test_an_exercise_that_ran_its_clock_with_every_question_answered_passes_every_control() -> None:
    history = _posts("50001")
    history.emit(scope_proposed("50001", "in_scope"), date(2026, 2, 1))
    history.propose("50001", "T-1", date(2026, 3, 1), date(2026, 7, 1))
    history.emit(exercise_opened("CX-1", ("50001",), OPENED), OPENED)
    history.emit(question_asked("CX-1", "Q-1"), date(2026, 3, 9))
    history.emit(question_answered("CX-1", "Q-1"), date(2026, 3, 10))
    history.emit(exercise_closed("CX-1", date(2026, 4, 1), "not_agreed"), date(2026, 4, 1))
    history.emit(decision_recorded("CX-1", "proceed"), date(2026, 4, 2))
    history.close_consultation("50001", "T-1", date(2026, 4, 1), "not_agreed", exercise="CX-1")
    history.approve("50001", "T-1", date(2026, 4, 3), date(2026, 7, 1))
    assert replay_messages(history.messages).controls == []


def test_an_exercise_closed_before_the_councils_policy_minimum_is_caught_at_its_close() -> None:
    history = _posts("50001")
    _exercise_of(history, date(2026, 3, 20), minimum_days=0)
    finding = _the_finding(
        history,
        "consultation_shorter_than_required",
        "consultation exercise CX-1 (1 post, opened 2026-03-02) closed 2026-03-20, after 18 "
        "days, too early for the council's policy of 30 days (on or after 2026-04-01)",
        "ConsultationExerciseClosed",
        "ConsultationExerciseOpened",
    )
    assert finding.events[0].topic == "hr.consultations"


def test_the_policy_minimum_is_the_auditors_option_not_the_logs_word() -> None:
    history = _posts("50001")
    _exercise_of(history, date(2026, 3, 20), minimum_days=14)
    assert _found(history, "consultation_shorter_than_required", policy_days=14) == []
    assert len(_found(history, "consultation_shorter_than_required", policy_days=30)) == 1


def test_an_exercise_closed_before_its_own_recorded_earliest_close_is_caught() -> None:
    history = _posts("50001")
    _exercise_of(history, date(2026, 4, 10), minimum_days=45)
    finding = _only(_found(history, "consultation_shorter_than_required"))
    assert "its own recorded clock (the council's consultation policy, 45 days, earliest " in (
        finding.message
    )
    assert "policy of 30 days" not in finding.message


def test_the_statutory_period_is_recounted_from_the_exercises_of_the_last_90_days() -> None:
    history = _posts("50001")
    # 15 posts at risk in January, 10 more in this exercise: 25 within 90 days → 30 days.
    _fifteen_at_risk(history, date(2026, 1, 5))
    at_risk = tuple(f"6{n:04}" for n in range(10))
    _exercise_of(history, date(2026, 3, 25), minimum_days=21, at_risk=at_risk, hr1_due=OPENED)
    finding = _only(_found(history, "consultation_shorter_than_required", policy_days=21))
    assert finding.message.endswith(
        "too early for 25 posts proposed as redundant within 90 days: the statutory collective "
        "rule requires at least 30 days of consultation (on or after 2026-04-01)"
    )


def test_proposals_older_than_90_days_are_not_counted_towards_the_statute() -> None:
    history = _posts("50001")
    _fifteen_at_risk(history, date(2025, 12, 1))
    at_risk = tuple(f"6{n:04}" for n in range(10))
    _exercise_of(history, date(2026, 3, 25), minimum_days=21, at_risk=at_risk)
    assert _found(history, "consultation_shorter_than_required", policy_days=21) == []
    assert _found(history, "collective_threshold_without_hr1") == []


def test_a_consultation_on_one_transfer_shorter_than_policy_names_the_post() -> None:
    history = _posts("50002")
    history.propose("50002", "T-2", date(2026, 3, 1), date(2026, 7, 1))
    history.consult("50002", "T-2", OPENED, OPENED)
    _the_finding(
        history,
        "consultation_shorter_than_required",
        "post 50002: the consultation on transfer T-2 opened 2026-03-02 and closed 2026-03-02, "
        "after 0 days; the council's policy requires at least 30 days, so it could close on or "
        "after 2026-04-01",
        "ConsultationClosed",
    )


def test_approval_after_an_exercise_closed_not_agreed_without_a_decision_is_caught() -> None:
    history = _posts("50001")
    _exercise_of(history, date(2026, 4, 1), "not_agreed")
    history.approve("50001", "T-1", date(2026, 4, 3), date(2026, 7, 1))
    finding = _the_finding(
        history,
        "approved_after_not_agreed_without_decision",
        "post 50001: transfer T-1 was approved after consultation exercise CX-1 closed not "
        "agreed, and HR recorded no decision to proceed",
        "TransferApproved",
    )
    assert finding.events[-1].event_id == _ids(history, "ConsultationExerciseClosed")[0]


def test_a_decision_to_withdraw_or_a_late_decision_to_proceed_does_not_allow_approval() -> None:
    withdrawn = _posts("50001")
    _exercise_of(withdrawn, date(2026, 4, 1), "not_agreed")
    withdrawn.emit(decision_recorded("CX-1", "withdraw"), date(2026, 4, 2))
    withdrawn.approve("50001", "T-1", date(2026, 4, 3), date(2026, 7, 1))
    assert (
        "HR decided to withdraw, not to proceed"
        in _only(_found(withdrawn, "approved_after_not_agreed_without_decision")).message
    )
    late = _posts("50001")
    _exercise_of(late, date(2026, 4, 1), "not_agreed")
    late.approve("50001", "T-1", date(2026, 4, 3), date(2026, 7, 1))
    late.emit(decision_recorded("CX-1", "proceed"), date(2026, 4, 4))
    assert (
        "HR decided to proceed only after it"
        in _only(_found(late, "approved_after_not_agreed_without_decision")).message
    )


def test_approval_after_a_single_transfer_consultation_closed_not_agreed_is_caught() -> None:
    history = _posts("50002")
    history.propose("50002", "T-2", date(2026, 2, 1), date(2026, 7, 1))
    history.open_consultation("50002", "T-2", OPENED, date(2026, 4, 1))
    history.close_consultation("50002", "T-2", date(2026, 4, 1), "not_agreed")
    history.approve("50002", "T-2", date(2026, 4, 3), date(2026, 7, 1))
    finding = _only(_found(history, "approved_after_not_agreed_without_decision"))
    assert "has no recorded decision to proceed" in finding.message
    assert [ref.event_type for ref in finding.events] == ["TransferApproved", "ConsultationClosed"]


def test_a_transfer_proposed_for_a_post_out_of_scope_is_caught_once() -> None:
    history = _posts("50003")
    history.emit(scope_proposed("50003", "out_of_scope"), date(2026, 2, 1))
    history.emit(scope_proposed("50003", "out_of_scope", agreed=True), date(2026, 2, 3))
    history.propose("50003", "T-3", date(2026, 3, 1), date(2026, 7, 1))
    history.approve("50003", "T-3", date(2026, 4, 3), date(2026, 7, 1))
    _the_finding(
        history,
        "transfer_of_post_out_of_scope",
        "post 50003: transfer T-3 was proposed while the post stood out of the programme's "
        "scope (PostScopeAgreed)",
        "TransferProposed",
    )


def test_a_post_proposed_in_scope_again_may_be_transferred() -> None:
    history = _posts("50003")
    history.emit(scope_proposed("50003", "out_of_scope"), date(2026, 2, 1))
    history.emit(scope_proposed("50003", "in_scope"), date(2026, 2, 10))
    history.propose("50003", "T-3", date(2026, 3, 1), date(2026, 7, 1))
    assert _found(history, "transfer_of_post_out_of_scope") == []


def test_an_exercise_closed_with_a_question_unanswered_names_the_question() -> None:
    history = _posts("50001")
    history.emit(exercise_opened("CX-1", ("50001",), OPENED), OPENED)
    history.emit(question_asked("CX-1", "Q-1"), date(2026, 3, 9))
    history.emit(question_asked("CX-1", "Q-2"), date(2026, 3, 9))
    history.emit(question_answered("CX-1", "Q-1"), date(2026, 3, 10))
    history.emit(exercise_closed("CX-1", date(2026, 4, 1)), date(2026, 4, 1))
    history.emit(question_answered("CX-1", "Q-2"), date(2026, 4, 2))  # too late
    finding = _the_finding(
        history,
        "exercise_closed_with_questions_unanswered",
        "consultation exercise CX-1 closed on 2026-04-01 (agreed) with 1 question(s) never "
        "answered: Q-2",
        "ConsultationExerciseClosed",
        "ConsultationQuestionAsked",
    )
    assert finding.events[1].event_id == _ids(history, "ConsultationQuestionAsked")[1]


def test_twenty_posts_at_risk_with_no_hr1_date_is_caught_even_when_hr_counted_fewer() -> None:
    history = History()
    at_risk = tuple(f"7{n:04}" for n in range(20))
    history.emit(
        exercise_opened("CX-7", at_risk, OPENED, at_risk=at_risk, at_risk_counted=3), OPENED
    )
    _the_finding(
        history,
        "collective_threshold_without_hr1",
        "consultation exercise CX-7 (20 posts, opened 2026-03-02): 20 posts proposed as "
        "redundant within 90 days: the statutory collective rule requires at least 30 days of "
        "consultation, and it records no date for form HR1 to the Secretary of State",
        "ConsultationExerciseOpened",
    )


def test_nineteen_posts_at_risk_need_no_hr1_and_twenty_with_a_date_pass() -> None:
    nineteen = History()
    posts = tuple(f"7{n:04}" for n in range(19))
    nineteen.emit(exercise_opened("CX-7", posts, OPENED, at_risk=posts), OPENED)
    assert _found(nineteen, "collective_threshold_without_hr1") == []
    dated = History()
    posts = tuple(f"7{n:04}" for n in range(20))
    dated.emit(exercise_opened("CX-8", posts, OPENED, at_risk=posts, hr1_due=OPENED), OPENED)
    assert _found(dated, "collective_threshold_without_hr1") == []
