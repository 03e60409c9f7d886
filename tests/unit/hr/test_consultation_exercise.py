"""A consultation exercise keeps its evidence and refuses what would make it hollow."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.hr.domain.consultation_clock import collective_duty, consultation_clock
from services.hr.domain.errors import ConsultationNotAllowed
from services.hr.domain.exercise import Exercise, Question, SharedDocument, new_exercise

OPENED = date(2027, 1, 4)
AT = datetime(2027, 1, 5, 10, tzinfo=UTC)


def _exercise(posts: int = 3, **changes: object) -> Exercise:
    arguments: dict[str, object] = {
        "exercise_id": "CX-1",
        "purpose": "Move finance posts into Central Finance",
        "post_numbers": [str(10001 + i) for i in range(posts)],
        "clock": consultation_clock(opened_on=OPENED, policy_minimum_days=30),
        "proposed_close": date(2027, 2, 3),
        "representatives": ["UNISON", "GMB"],
        **changes,
    }
    return new_exercise(**arguments)  # type: ignore[arg-type]


def _question(question_id: str = "Q1") -> Question:
    return Question(
        question_id=question_id,
        asked_by="representative of UNISON",
        text="Will my hours change?",
        asked_at=AT,
    )


@pytest.mark.parametrize(
    ("changes", "refusal"),
    [
        ({"post_numbers": []}, "needs at least one post"),
        ({"post_numbers": ["10001", "10001"]}, "lists each post once"),
        ({"purpose": " "}, "needs its purpose"),
        ({"proposed_close": date(2027, 1, 20)}, "may close on or after 03 February 2027"),
    ],
)
def test_an_exercise_without_posts_purpose_or_a_long_enough_period_is_refused(
    changes: dict[str, object], refusal: str
) -> None:
    with pytest.raises(ConsultationNotAllowed, match=refusal):
        _exercise(**changes)


def test_closing_before_the_clock_ends_is_refused_with_the_rule_and_the_first_allowed_day() -> None:
    exercise = _exercise()
    with pytest.raises(ConsultationNotAllowed, match="the council's consultation policy"):
        exercise.close(date(2027, 1, 10), "agreed")
    assert exercise.status == "open"


def test_a_statutory_clock_of_45_days_holds_an_exercise_of_100_at_risk_posts_open() -> None:
    duty = collective_duty([OPENED] * 100, OPENED)
    clock = consultation_clock(opened_on=OPENED, policy_minimum_days=30, duty=duty)
    exercise = _exercise(clock=clock, proposed_close=date(2027, 2, 18))
    with pytest.raises(ConsultationNotAllowed, match="statutory collective"):
        exercise.close(date(2027, 2, 17), "agreed")
    exercise.close(date(2027, 2, 18), "agreed")
    assert exercise.blocks_approval is None


def test_a_question_is_answered_once_and_an_unanswered_one_holds_the_close() -> None:
    exercise = _exercise()
    exercise.ask(_question())
    with pytest.raises(ConsultationNotAllowed, match="questions Q1 have no answer yet"):
        exercise.close(date(2027, 2, 3), "agreed")
    exercise.answer("Q1", "No: your day-to-day work stays the same at first.", AT)
    with pytest.raises(ConsultationNotAllowed, match="Q1 was answered on 05 January 2027"):
        exercise.answer("Q1", "Again", AT)
    with pytest.raises(ConsultationNotAllowed, match="was asked already"):
        exercise.ask(_question())
    exercise.close(date(2027, 2, 3), "agreed_with_changes")
    assert exercise.closed_on == date(2027, 2, 3)


def test_documents_need_a_link_or_hash_and_nothing_is_shared_after_the_close() -> None:
    exercise = _exercise()
    with pytest.raises(ConsultationNotAllowed, match="a link or a hash"):
        exercise.share_document(SharedDocument(title="Proposal", version="1", shared_on=OPENED))
    exercise.share_document(
        SharedDocument(title="Proposal", version="1", sha256="ab" * 32, shared_on=OPENED)
    )
    exercise.close(date(2027, 2, 3), "agreed")
    with pytest.raises(ConsultationNotAllowed, match="CX-1 is closed"):
        exercise.share_document(
            SharedDocument(title="FAQ", version="1", link="https://x.example", shared_on=OPENED)
        )


def test_an_extension_moves_the_close_later_only() -> None:
    exercise = _exercise()
    with pytest.raises(ConsultationNotAllowed, match="after 03 February 2027"):
        exercise.extend(date(2027, 2, 1))
    assert exercise.extend(date(2027, 2, 17)) == date(2027, 2, 3)


def test_not_agreed_blocks_approval_until_hr_decides_to_proceed_with_reasons() -> None:
    exercise = _exercise()
    assert "has not closed" in (exercise.blocks_approval or "")
    exercise.close(date(2027, 2, 3), "not_agreed")
    assert "recorded no decision" in (exercise.blocks_approval or "")
    with pytest.raises(ConsultationNotAllowed, match="needs its reasons"):
        exercise.decide("proceed", "")
    exercise.decide("proceed", "Concerns met by keeping every base location")
    assert exercise.blocks_approval is None
    with pytest.raises(ConsultationNotAllowed, match="already decided"):
        exercise.decide("withdraw", "changed our mind")


def test_withdrawing_after_not_agreed_keeps_approval_blocked() -> None:
    exercise = _exercise()
    exercise.close(date(2027, 2, 3), "not_agreed")
    exercise.decide("withdraw", "The proposal is withdrawn")
    assert exercise.blocks_approval == "HR decided to withdraw after exercise CX-1"


def test_no_decision_is_taken_on_an_agreed_exercise() -> None:
    exercise = _exercise()
    exercise.close(date(2027, 2, 3), "agreed")
    with pytest.raises(ConsultationNotAllowed, match="no decision is needed"):
        exercise.decide("proceed", "reasons")
