"""Builders of HR's scope decisions (`hr.posts`) and consultation exercise events
(`hr.consultations`) with sample values in the council's words; seal them with
`tests.support.events.Council.event` like any other HR event."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from shared.events import consultation as cx
from shared.events import hr

OPENED = date(2026, 5, 1)
PURPOSE = "Bring finance support into one central team (One Council)"
UNIONS = ["UNISON", "GMB"]


def scope(post: str, status: str = "in_scope", reason: str = "") -> hr.PostScopeProposed:
    """HR proposes the post's scope (a reason is needed unless in scope)."""
    why = reason or ("" if status == "in_scope" else "a department-specific specialist role")
    return hr.PostScopeProposed(post_number=post, status=status, reason=why)  # type: ignore[arg-type]


def scope_agreed(post: str, status: str = "in_scope") -> hr.PostScopeAgreed:
    return hr.PostScopeAgreed(post_number=post, status=status)  # type: ignore[arg-type]


def scope_challenged(post: str, status: str = "in_scope") -> hr.PostScopeChallenged:
    return hr.PostScopeChallenged(
        post_number=post, status=status,  # type: ignore[arg-type]
        reason="the role supports statutory safeguarding work only this department does",
    )  # fmt: skip


def exercise_opened(
    exercise: str,
    posts: list[str],
    departments: list[str],
    opened_on: date = OPENED,
    days: int = 30,
) -> cx.ConsultationExerciseOpened:
    """An exercise on these posts under the council's 30-day policy minimum."""
    return cx.ConsultationExerciseOpened(
        exercise_id=exercise, purpose=PURPOSE, post_numbers=posts, departments=departments,
        opened_on=opened_on, proposed_close=opened_on + timedelta(days=days),
        earliest_close=opened_on + timedelta(days=days), minimum_days=days,
        rule="council policy: 30 days", representatives=UNIONS,
    )  # fmt: skip


def document_shared(exercise: str, on: date = OPENED) -> cx.ConsultationDocumentShared:
    return cx.ConsultationDocumentShared(
        exercise_id=exercise, title="Proposal for a central finance team", version="1.0",
        link="https://intranet.example/one-council/finance-proposal-v1.pdf", shared_on=on,
    )  # fmt: skip


def question_asked(exercise: str, question: str = "Q1") -> cx.ConsultationQuestionAsked:
    return cx.ConsultationQuestionAsked(
        exercise_id=exercise, question_id=question, asked_by="representative of UNISON",
        question="Will anyone's place of work change?", asked_at=_at(OPENED + timedelta(days=3)),
    )  # fmt: skip


def question_answered(exercise: str, question: str = "Q1") -> cx.ConsultationQuestionAnswered:
    return cx.ConsultationQuestionAnswered(
        exercise_id=exercise, question_id=question,
        answer="No: posts move team, not building; hybrid working continues.",
        answered_at=_at(OPENED + timedelta(days=5)),
    )  # fmt: skip


def extended(exercise: str, days: int = 30, more: int = 14) -> cx.ConsultationExtended:
    return cx.ConsultationExtended(
        exercise_id=exercise, previous_close=OPENED + timedelta(days=days),
        proposed_close=OPENED + timedelta(days=days + more),
        reason="representatives asked for time to meet their members",
    )  # fmt: skip


def exercise_closed(
    exercise: str, outcome: str = "agreed", on: date = OPENED + timedelta(days=44)
) -> cx.ConsultationExerciseClosed:
    return cx.ConsultationExerciseClosed(
        exercise_id=exercise, closed_on=on, outcome=outcome,  # type: ignore[arg-type]
        questions_answered=1,
    )  # fmt: skip


def decision_recorded(exercise: str, decision: str = "proceed") -> cx.ConsultationDecisionRecorded:
    return cx.ConsultationDecisionRecorded(
        exercise_id=exercise, decision=decision,  # type: ignore[arg-type]
        reason="the changes asked for are made; the service case stands",
    )  # fmt: skip


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=UTC)
