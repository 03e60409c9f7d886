"""A consultation exercise: the posts HR consults on together, and the evidence it kept.

An exercise groups posts (one, a team, a whole function across departments) under one
purpose. It records the documents shared (title, version, a link or the file's hash —
never the file), the questions asked and their answers (asked by a staff reference or
"representative of <union>", never a name), and the representatives consulted. It cannot
close before its clock allows, nor with a question unanswered. An outcome of `not_agreed`
needs HR's recorded decision before any of its transfers may be approved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Final

from services.hr.domain.consultation_clock import ConsultationClock
from services.hr.domain.errors import ConsultationNotAllowed

OUTCOMES: Final = frozenset({"agreed", "agreed_with_changes", "not_agreed"})
DECISIONS: Final = frozenset({"proceed", "withdraw", "revise_and_reconsult"})


class ExerciseStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True, kw_only=True)
class SharedDocument:
    """A document given to those consulted: what it is, which version, where to read it."""

    title: str
    version: str
    link: str = ""
    sha256: str = ""
    shared_on: date


@dataclass(kw_only=True)
class Question:
    """A question from staff or a representative, and HR's answer once given."""

    question_id: str
    asked_by: str
    text: str
    asked_at: datetime
    answer: str | None = None
    answered_at: datetime | None = None


@dataclass(kw_only=True)
class Exercise:
    """One consultation exercise; mutate only through its methods."""

    exercise_id: str
    purpose: str
    post_numbers: tuple[str, ...]
    clock: ConsultationClock
    proposed_close: date
    representatives: tuple[str, ...] = ()
    status: ExerciseStatus = ExerciseStatus.OPEN
    documents: list[SharedDocument] = field(default_factory=list)
    questions: dict[str, Question] = field(default_factory=dict)
    outcome: str | None = None
    closed_on: date | None = None
    decision: str | None = None

    @property
    def blocks_approval(self) -> str | None:
        """Why its transfers cannot be approved yet, or None when they may be."""
        if self.status is ExerciseStatus.OPEN:
            return f"consultation exercise {self.exercise_id} has not closed"
        if self.outcome == "not_agreed" and self.decision != "proceed":
            if self.decision is None:
                return (
                    f"consultation exercise {self.exercise_id} closed not agreed and HR has "
                    "recorded no decision (proceed, withdraw, or revise and re-consult)"
                )
            return (
                f"HR decided to {self.decision.replace('_', ' ')} after exercise {self.exercise_id}"
            )
        return None

    def _require_open(self, doing: str) -> None:
        if self.status is not ExerciseStatus.OPEN:
            raise ConsultationNotAllowed(
                f"cannot {doing}: consultation exercise {self.exercise_id} is closed"
            )

    def share_document(self, document: SharedDocument) -> None:
        self._require_open("share a document")
        if not document.title.strip() or not (document.link or document.sha256):
            raise ConsultationNotAllowed("a shared document needs a title and a link or a hash")
        self.documents.append(document)

    def ask(self, question: Question) -> None:
        self._require_open("take a question")
        if question.question_id in self.questions:
            raise ConsultationNotAllowed(f"question {question.question_id} was asked already")
        if not question.text.strip():
            raise ConsultationNotAllowed("a question needs its text")
        self.questions[question.question_id] = question

    def answer(self, question_id: str, answer: str, answered_at: datetime) -> None:
        question = self.questions.get(question_id)
        if question is None:
            raise ConsultationNotAllowed(
                f"consultation exercise {self.exercise_id} has no question {question_id}"
            )
        if question.answer is not None:
            raise ConsultationNotAllowed(
                f"question {question_id} was answered on {question.answered_at:%d %B %Y}"
            )
        if not answer.strip():
            raise ConsultationNotAllowed("an answer needs its text")
        question.answer, question.answered_at = answer, answered_at

    def extend(self, new_close: date) -> date:
        """Move the proposed close later; return the previous one."""
        self._require_open("extend the consultation")
        if new_close <= self.proposed_close:
            raise ConsultationNotAllowed(
                f"an extension must move the close after {self.proposed_close:%d %B %Y}"
            )
        previous, self.proposed_close = self.proposed_close, new_close
        return previous

    @property
    def unanswered(self) -> list[str]:
        return [q.question_id for q in self.questions.values() if q.answer is None]

    def close(self, closed_on: date, outcome: str) -> None:
        self._require_open("close the consultation")
        if outcome not in OUTCOMES:
            raise ConsultationNotAllowed(f"an outcome is one of {', '.join(sorted(OUTCOMES))}")
        if not self.clock.may_close_on(closed_on):
            raise ConsultationNotAllowed(self.clock.refusal(closed_on))
        if self.unanswered:
            raise ConsultationNotAllowed(
                f"cannot close consultation exercise {self.exercise_id}: questions "
                f"{', '.join(self.unanswered)} have no answer yet"
            )
        self.status, self.closed_on, self.outcome = ExerciseStatus.CLOSED, closed_on, outcome

    def decide(self, decision: str, reason: str) -> None:
        """HR's decision after an outcome of not agreed, with its reasons."""
        if self.outcome != "not_agreed":
            raise ConsultationNotAllowed(
                f"consultation exercise {self.exercise_id} did not close not agreed: "
                "no decision is needed"
            )
        if self.decision is not None:
            raise ConsultationNotAllowed(f"HR already decided to {self.decision}")
        if decision not in DECISIONS:
            raise ConsultationNotAllowed(f"a decision is one of {', '.join(sorted(DECISIONS))}")
        if not reason.strip():
            raise ConsultationNotAllowed("a decision after consultation needs its reasons")
        self.decision = decision


def new_exercise(
    *,
    exercise_id: str,
    purpose: str,
    post_numbers: list[str],
    clock: ConsultationClock,
    proposed_close: date,
    representatives: list[str],
) -> Exercise:
    """Open an exercise, refusing one with no posts, no purpose or a close before its clock."""
    if not post_numbers:
        raise ConsultationNotAllowed("a consultation exercise needs at least one post")
    if len(set(post_numbers)) != len(post_numbers):
        raise ConsultationNotAllowed("a consultation exercise lists each post once")
    if not purpose.strip():
        raise ConsultationNotAllowed("a consultation exercise needs its purpose")
    if not clock.may_close_on(proposed_close):
        raise ConsultationNotAllowed(clock.refusal(proposed_close))
    return Exercise(
        exercise_id=exercise_id,
        purpose=purpose,
        post_numbers=tuple(post_numbers),
        clock=clock,
        proposed_close=proposed_close,
        representatives=tuple(representatives),
    )
