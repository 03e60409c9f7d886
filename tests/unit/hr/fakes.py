"""An in-memory unit of work for HR's handlers: commits or rolls back like the real one."""

from __future__ import annotations

import copy
from datetime import date
from types import TracebackType
from typing import Any
from uuid import uuid4

from services.hr.application.commands import NameTeamHead
from services.hr.application.handlers import handle
from services.hr.domain.ending import KnownCandidate, PostEnding
from services.hr.domain.exercise import Exercise
from services.hr.domain.post import Post
from services.hr.domain.scheduled_change import ScheduledChange
from services.hr.domain.scope import ScopeDecision
from services.hr.domain.wave_rules import WaveRule
from shared.persistence.outbox import NewEvent
from tests.support.posts import register_post
from tests.support.redesign import FakeProcesses


class FakePosts:
    def __init__(self, posts: dict[str, Post]) -> None:
        self.posts = posts
        self.saved: list[str] = []

    def get(self, post_number: str) -> Post | None:
        post = self.posts.get(post_number)
        return copy.deepcopy(post) if post is not None else None

    def exists(self, post_number: str) -> bool:
        return post_number in self.posts

    def add(self, post: Post) -> None:
        self.posts[post.post_number] = copy.deepcopy(post)

    def save(self, post: Post) -> None:
        self.posts[post.post_number] = copy.deepcopy(post)
        self.saved.append(post.post_number)

    def line_of(self, post_number: str) -> str | None:
        post = self.posts.get(post_number)
        return post.reports_to if post is not None else None


class FakeTeamHeads:
    def __init__(self) -> None:
        self.heads: dict[str, str] = {}

    def head_of(self, team: str) -> str | None:
        return self.heads.get(team)

    def name(self, team: str, post_number: str) -> None:
        self.heads[team] = post_number


class FakeExercises:
    def __init__(self) -> None:
        self.exercises: dict[str, Exercise] = {}
        # (exercise id, post number, transfer id, at risk, proposed on), in order added
        self.rows: list[tuple[str, str, str | None, bool, date]] = []

    def get(self, exercise_id: str) -> Exercise | None:
        found = self.exercises.get(exercise_id)
        return copy.deepcopy(found) if found is not None else None

    def add(
        self, exercise: Exercise, transfer_ids: dict[str, str | None], at_risk: set[str]
    ) -> None:
        self.exercises[exercise.exercise_id] = copy.deepcopy(exercise)
        opened = exercise.clock.opened_on
        for number in exercise.post_numbers:
            row = (exercise.exercise_id, number, transfer_ids[number], number in at_risk, opened)
            self.rows.append(row)

    def save(self, exercise: Exercise) -> None:
        self.exercises[exercise.exercise_id] = copy.deepcopy(exercise)

    def open_exercise_of(self, post_number: str) -> str | None:
        return next(
            (
                row[0]
                for row in self.rows
                if row[1] == post_number and self.exercises[row[0]].status == "open"
            ),
            None,
        )

    def exercise_of_transfer(self, transfer_id: str) -> str | None:
        return next((row[0] for row in reversed(self.rows) if row[2] == transfer_id), None)

    def at_risk_proposals(self) -> list[date]:
        return [row[4] for row in self.rows if row[3]]

    def consulted_at_risk(self, post_number: str) -> str | None:
        return next((r[0] for r in reversed(self.rows) if r[1] == post_number and r[3]), None)


class FakeEndings:
    def __init__(self) -> None:
        self.endings: dict[str, PostEnding] = {}

    def get(self, post_number: str) -> PostEnding | None:
        return self.endings.get(post_number)

    def save(self, ending: PostEnding) -> None:
        self.endings[ending.post_number] = ending


class FakeCandidates:
    """The candidates HR's redesign consumer would have stored."""

    def __init__(self) -> None:
        self.candidates: dict[str, KnownCandidate] = {}

    def get(self, candidate_id: str) -> KnownCandidate | None:
        return self.candidates.get(candidate_id)


class FakeScopes:
    def __init__(self) -> None:
        self.scopes: dict[str, ScopeDecision] = {}

    def get(self, post_number: str) -> ScopeDecision | None:
        return self.scopes.get(post_number)

    def save(self, post_number: str, decision: ScopeDecision) -> None:
        self.scopes[post_number] = decision


class FakeScheduledChanges:
    def __init__(self) -> None:
        self.changes: dict[str, ScheduledChange] = {}
        self.applied: set[str] = set()

    def add(self, change: ScheduledChange) -> None:
        self.changes[change.change_id] = change

    def due(self, post_number: str, today: date) -> list[ScheduledChange]:
        due = [
            c
            for c in self.changes.values()
            if c.post_number == post_number
            and c.effective_date <= today
            and c.change_id not in self.applied
        ]
        return sorted(due, key=lambda c: (c.effective_date, c.change_id))

    def mark_applied(self, change_id: str) -> None:
        self.applied.add(change_id)


class FakeWaves:
    """The waves' approval policies, as the `hr.programme` consumer would have stored them."""

    def __init__(self) -> None:
        self.rules: list[WaveRule] = []

    def covering(self, function: str, department: str) -> list[WaveRule]:
        return [rule for rule in self.rules if rule.covers(function, department)]


class FakeUnitOfWork:
    """Each `with` block is a transaction; `committed` holds every committed event."""

    def __init__(self) -> None:
        self.posts = FakePosts({})
        self.exercises = FakeExercises()
        self.scopes: FakeScopes = FakeScopes()
        self.team_heads = FakeTeamHeads()
        self.scheduled_changes = FakeScheduledChanges()
        self.waves = FakeWaves()
        self.processes = FakeProcesses()
        self.endings = FakeEndings()
        self.candidates = FakeCandidates()
        self.employees: dict[str, tuple[str, str | None]] = {}
        self.known_events: set[tuple[str, str]] = set()
        self.demo_stages: dict[int, str] = {}
        self.committed: list[NewEvent] = []
        self.history: dict[str, list[dict[str, Any]]] = {}  # envelope documents, per post
        self._pending: list[NewEvent] = []

    def __enter__(self) -> FakeUnitOfWork:
        self._before = (
            copy.deepcopy(self.posts.posts),
            dict(self.employees),
            dict(self.demo_stages),
            copy.deepcopy(self.exercises),
            dict(self.scopes.scopes),
            dict(self.team_heads.heads),
            copy.deepcopy(self.scheduled_changes),
            dict(self.endings.endings),
        )
        self._pending = []
        return self

    def __exit__(
        self,
        error_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if error_type is None:
            self.committed.extend(self._pending)
            for event in self._pending:
                self.history.setdefault(event.aggregate_id, []).append(_document(event))
        else:
            self.posts.posts, self.employees, self.demo_stages = self._before[:3]
            self.exercises, self.scopes.scopes, self.team_heads.heads = self._before[3:6]
            self.scheduled_changes = self._before[6]
            self.endings.endings = self._before[7]
        self._pending = []

    def save_employee(self, employee_ref: str, name: str, email: str | None) -> None:
        self.employees[employee_ref] = (name, email)

    def post_has_event(self, post_number: str, event_id: str) -> bool:
        return (post_number, event_id) in self.known_events

    def post_history(self, post_number: str) -> list[dict[str, Any]]:
        return list(self.history.get(post_number, []))

    def has_posts(self) -> bool:
        return bool(self.posts.posts)

    def demo_stage(self, seed: int) -> str | None:
        return self.demo_stages.get(seed)

    def record_demo_stage(self, seed: int, stage: str) -> None:
        self.demo_stages[seed] = stage

    def emit(self, event: NewEvent) -> None:
        self._pending.append(event)


def _document(event: NewEvent) -> dict[str, Any]:
    """As much of the envelope as HR's history readers use, with a fresh event id."""
    return {
        "event_id": str(uuid4()),
        "event_type": event.payload.EVENT_TYPE,
        "aggregate_type": event.payload.AGGREGATE_TYPE,
        "effective_date": event.effective_date.isoformat() if event.effective_date else None,
        "department": event.department,
        "payload": event.payload.model_dump(mode="json"),
    }


def run(uow: FakeUnitOfWork, command: object) -> object:
    """Handle one command in a transaction of its own."""
    with uow:
        return handle(uow, command)


def central_finance(*under_manager: str) -> FakeUnitOfWork:
    """Central Finance's head 900 (named head) over business partner 901, and in Children's
    Services a finance manager 100 with these posts reporting to it; nothing committed yet."""
    uow = FakeUnitOfWork()
    run(uow, register_post("900", team="FIN", title="Head of Central Finance"))
    run(uow, register_post("901", team="FIN", title="Finance Business Partner", reports_to="900"))
    run(uow, register_post("100", title="Finance Manager"))
    for number in under_manager:
        run(uow, register_post(number, reports_to="100"))
    run(uow, NameTeamHead(team="Central Finance", post_number="900", reason="appointed"))
    uow.committed.clear()
    return uow
