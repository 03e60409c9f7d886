"""The demo's consultation exercises and scope decisions, after its transfers are proposed.

The group the demo leaves in consultation is one open exercise with questions (one still
unanswered); the group it leaves with consultation closed is two exercises, one closed
agreed and one closed not agreed with HR's decision to proceed. A few posts whose transfer
is only proposed have their scope under review; the closed group's posts are agreed in
scope by their department's lead. Ids are fixed by the seed, and every step is its own
transaction: after a restart a step already done is refused by the domain and skipped.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from services.hr.application import exercise_commands as x
from services.hr.application.bulk import StartUnitOfWork
from services.hr.application.demo_scopes import scope_steps
from services.hr.application.handlers import handle
from services.hr.domain.errors import HrError

PURPOSE = (
    "One Council Support Functions: bring colleagues in support functions together into "
    "centralised teams, their day-to-day activities and responsibilities the same at first"
)
REPRESENTATIVES = ["UNISON", "GMB", "Unite"]
QUESTIONS = (
    ("representative of UNISON", "Will colleagues' day-to-day duties change on transfer?",
     "No: day-to-day activities and responsibilities remain the same in the first instance."),
    ("staff reference S-1042", "Where will the central team be based?",
     "Your current base stays your base; any change would be consulted on first."),
    ("representative of GMB", "Which roles are in scope in my department?", None),
)  # fmt: skip


def seed_consultations(
    start_uow: StartUnitOfWork,
    seed: int,
    groups: dict[str, list[str]],
    today: date,
    closed_department: str,
    out_of_scope: dict[str, tuple[str, str]],
) -> None:
    """Exercises and scope decisions for the demo's `proposed`, `in_consultation` and
    `consultation_closed` groups of post numbers, and its out-of-scope posts (post →
    (department, HR's reason)), none of which has a transfer."""
    opened_on = today - timedelta(days=40)  # the council's 30-day clock has run by today
    at = datetime.combine(opened_on, time(9), tzinfo=UTC)
    steps: list[Any] = []
    consulting, closing = groups.get("in_consultation", []), groups.get("consultation_closed", [])
    half = max(1, len(closing) // 2)
    exercises = [
        (f"CX-DEMO{seed}-1", consulting, None, None),
        (f"CX-DEMO{seed}-2", closing[:half], "agreed", None),
        (f"CX-DEMO{seed}-3", closing[half:], "not_agreed", "proceed"),
    ]
    for exercise_id, numbers, outcome, decision in exercises:
        if not numbers:
            continue
        steps.append(_open(exercise_id, numbers, opened_on, today))
        steps.extend(_questions(exercise_id, at, answered_all=outcome is not None))
        if outcome is not None:
            steps.append(
                x.CloseExercise(
                    exercise_id=exercise_id, closed_on=today, outcome=outcome,
                    notes="Consultation responses considered by HR", today=today,
                )
            )  # fmt: skip
        if decision is not None:
            reason = "The business case stands; concerns raised are met by the transfer terms"
            steps.append(
                x.RecordDecision(exercise_id=exercise_id, decision=decision, reason=reason)
            )
    steps.extend(scope_steps(groups, at, closed_department, out_of_scope))
    for command in steps:
        try:
            with start_uow() as uow:
                if isinstance(command, x.ProposeScope) and uow.scopes.get(command.post_number):
                    continue  # proposed before a restart: proposing again would repeat it
                handle(uow, command)
        except HrError:
            pass  # done before a restart (or refused by its post): the rest go on


def _open(exercise_id: str, numbers: list[str], opened_on: date, today: date) -> x.OpenExercise:
    return x.OpenExercise(
        exercise_id=exercise_id,
        purpose=PURPOSE,
        post_numbers=numbers,
        opened_on=opened_on,
        proposed_close=today + timedelta(days=5),
        representatives=REPRESENTATIVES,
        at_risk_post_numbers=[],
    )


def _questions(exercise_id: str, at: datetime, answered_all: bool) -> list[Any]:
    steps: list[Any] = []
    for number, (asked_by, question, answer) in enumerate(QUESTIONS, start=1):
        question_id = f"Q{number}"
        asked_at = at + timedelta(days=number)
        steps.append(
            x.AskQuestion(
                exercise_id=exercise_id, question_id=question_id, asked_by=asked_by,
                question=question, asked_at=asked_at,
            )
        )  # fmt: skip
        reply = answer or ("Each department's SLT confirms its roles in scope with HR."
                           if answered_all else None)  # fmt: skip
        if reply is not None:
            answered_at = asked_at + timedelta(days=2)
            steps.append(
                x.AnswerQuestion(
                    exercise_id=exercise_id, question_id=question_id, answer=reply,
                    answered_at=answered_at,
                )
            )  # fmt: skip
    return steps
