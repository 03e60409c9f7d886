"""Load and save consultation exercises and post scope decisions in HR's database."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from services.hr.adapters.tables import consultation_exercises, exercise_posts, post_scopes
from services.hr.domain.consultation_clock import ConsultationClock
from services.hr.domain.exercise import Exercise, ExerciseStatus, Question, SharedDocument
from services.hr.domain.scope import LeadResponse, ScopeDecision, ScopeStatus

_exercises, _posts = consultation_exercises.c, exercise_posts.c


class ExerciseRepository:
    """Exercises in one transaction, with the posts (and transfers) each consults on."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def get(self, exercise_id: str) -> Exercise | None:
        query = select(_exercises.body).where(_exercises.exercise_id == exercise_id)
        body = self._connection.scalar(query)
        return exercise_from(body) if body is not None else None

    def add(
        self, exercise: Exercise, transfer_ids: dict[str, str | None], at_risk: set[str]
    ) -> None:
        """Insert a new exercise and the transfers it consults on."""
        self._connection.execute(
            insert(consultation_exercises).values(
                exercise_id=exercise.exercise_id,
                status=exercise.status.value,
                opened_on=exercise.clock.opened_on,
                body=exercise_body(exercise),
            )
        )
        rows = [
            {
                "exercise_id": exercise.exercise_id,
                "post_number": number,
                "transfer_id": transfer_ids[number],
                "round": self._rounds(transfer_ids[number]),
                "at_risk": number in at_risk,
                "proposed_on": exercise.clock.opened_on,
            }
            for number in exercise.post_numbers
        ]
        self._connection.execute(insert(exercise_posts), rows)

    def _rounds(self, transfer_id: str | None) -> int:
        if transfer_id is None:
            return 0  # an at-risk post with no transfer is consulted on once
        query = select(func.count()).where(_posts.transfer_id == transfer_id)
        return int(self._connection.scalar(query) or 0)

    def save(self, exercise: Exercise) -> None:
        self._connection.execute(
            update(consultation_exercises)
            .where(_exercises.exercise_id == exercise.exercise_id)
            .values(status=exercise.status.value, body=exercise_body(exercise))
        )

    def open_exercise_of(self, post_number: str) -> str | None:
        """The open exercise consulting on the post, if any."""
        query = (
            select(_posts.exercise_id)
            .join(consultation_exercises, _exercises.exercise_id == _posts.exercise_id)
            .where(_posts.post_number == post_number, _exercises.status == "open")
        )
        found: str | None = self._connection.scalar(query)
        return found

    def exercise_of_transfer(self, transfer_id: str) -> str | None:
        """The latest exercise that consulted on the transfer, if any."""
        query = (
            select(_posts.exercise_id)
            .join(consultation_exercises, _exercises.exercise_id == _posts.exercise_id)
            .where(_posts.transfer_id == transfer_id)
            .order_by(_posts.round.desc())
        )
        found: str | None = self._connection.scalar(query)
        return found

    def consulted_at_risk(self, post_number: str) -> str | None:
        """The latest exercise that consulted on the post as at risk, if any."""
        query = (
            select(_posts.exercise_id)
            .where(_posts.post_number == post_number, _posts.at_risk.is_(True))
            .order_by(_posts.proposed_on.desc())
        )
        found: str | None = self._connection.scalar(query)
        return found

    def at_risk_proposals(self) -> list[date]:
        """The day each at-risk post was proposed as redundant, one per post and exercise."""
        query = select(_posts.proposed_on).where(_posts.at_risk.is_(True))
        return list(self._connection.scalars(query))


class ScopeRepository:
    """Each post's scope decision: HR's proposal and its lead's response."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def get(self, post_number: str) -> ScopeDecision | None:
        query = select(post_scopes.c.body).where(post_scopes.c.post_number == post_number)
        body = self._connection.scalar(query)
        return scope_from(body) if body is not None else None

    def save(self, post_number: str, decision: ScopeDecision) -> None:
        self._connection.execute(
            delete(post_scopes).where(post_scopes.c.post_number == post_number)
        )
        body = {**asdict(decision), "proposed_at": decision.proposed_at.isoformat()}
        self._connection.execute(insert(post_scopes).values(post_number=post_number, body=body))


def exercise_body(exercise: Exercise) -> dict[str, Any]:
    """The exercise as JSON: dates as ISO text."""
    body: dict[str, Any] = _iso(asdict(exercise))
    return body


def _iso(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_iso(v) for v in value]
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    return value


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def exercise_from(body: dict[str, Any]) -> Exercise:
    clock = body["clock"]
    questions = {key: _question(q) for key, q in body["questions"].items()}
    return Exercise(
        exercise_id=body["exercise_id"],
        purpose=body["purpose"],
        post_numbers=tuple(body["post_numbers"]),
        clock=ConsultationClock(
            opened_on=date.fromisoformat(clock["opened_on"]),
            minimum_days=clock["minimum_days"],
            rule=clock["rule"],
            earliest_close=date.fromisoformat(clock["earliest_close"]),
            hr1_due=_day(clock["hr1_due"]),
        ),
        proposed_close=date.fromisoformat(body["proposed_close"]),
        representatives=tuple(body["representatives"]),
        status=ExerciseStatus(body["status"]),
        documents=[
            SharedDocument(**{**d, "shared_on": date.fromisoformat(d["shared_on"])})
            for d in body["documents"]
        ],
        questions=questions,
        outcome=body["outcome"],
        closed_on=_day(body["closed_on"]),
        decision=body["decision"],
    )


def _question(body: dict[str, Any]) -> Question:
    answered = body["answered_at"]
    return Question(
        **{
            **body,
            "asked_at": datetime.fromisoformat(body["asked_at"]),
            "answered_at": datetime.fromisoformat(answered) if answered else None,
        }
    )


def scope_from(body: dict[str, Any]) -> ScopeDecision:
    response = body.get("response")
    return ScopeDecision(
        **{
            **body,
            "status": ScopeStatus(body["status"]),
            "proposed_at": datetime.fromisoformat(body["proposed_at"]),
            "response": LeadResponse(response) if response else None,
        }
    )
