"""The unit of work HR handlers run in: posts, employees, and events, committed together."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from services.hr.domain.ending import KnownCandidate, PostEnding
from services.hr.domain.exercise import Exercise
from services.hr.domain.post import Post
from services.hr.domain.scheduled_change import ScheduledChange
from services.hr.domain.scope import ScopeDecision
from services.hr.domain.wave_rules import WaveRule
from shared.persistence.outbox import NewEvent


class Posts(Protocol):
    """The post register as handlers see it."""

    def get(self, post_number: str) -> Post | None: ...
    def exists(self, post_number: str) -> bool: ...
    def add(self, post: Post) -> None: ...
    def save(self, post: Post) -> None: ...
    def line_of(self, post_number: str) -> str | None:
        """The post number this post reports to, or None."""
        ...


class TeamHeads(Protocol):
    """Which post heads each central team."""

    def head_of(self, team: str) -> str | None: ...
    def name(self, team: str, post_number: str) -> None: ...


class Exercises(Protocol):
    """Consultation exercises, with the posts and transfers each consults on."""

    def get(self, exercise_id: str) -> Exercise | None: ...
    def add(
        self, exercise: Exercise, transfer_ids: dict[str, str | None], at_risk: set[str]
    ) -> None: ...
    def save(self, exercise: Exercise) -> None: ...
    def open_exercise_of(self, post_number: str) -> str | None: ...
    def exercise_of_transfer(self, transfer_id: str) -> str | None: ...
    def at_risk_proposals(self) -> list[date]: ...
    def consulted_at_risk(self, post_number: str) -> str | None: ...


class Scopes(Protocol):
    """Each post's scope decision."""

    def get(self, post_number: str) -> ScopeDecision | None: ...
    def save(self, post_number: str, decision: ScopeDecision) -> None: ...


class ScheduledChanges(Protocol):
    """Future-dated changes of posts, pending until their date."""

    def add(self, change: ScheduledChange) -> None: ...
    def due(self, post_number: str, today: date) -> list[ScheduledChange]: ...
    def mark_applied(self, change_id: str) -> None: ...


class WaveRules(Protocol):
    """The programme's waves, as far as approvals must obey them."""

    def covering(self, function: str, department: str) -> list[WaveRule]: ...


class Endings(Protocol):
    """Posts ended (at risk, disestablished) by delivered candidates."""

    def get(self, post_number: str) -> PostEnding | None: ...
    def save(self, ending: PostEnding) -> None: ...


class Candidates(Protocol):
    """The redesign candidates HR has read from the redesign topics."""

    def get(self, candidate_id: str) -> KnownCandidate | None: ...


class UnitOfWork(Protocol):
    """One transaction: handlers read and change posts and add events to emit."""

    @property
    def posts(self) -> Posts: ...

    @property
    def exercises(self) -> Exercises: ...

    @property
    def scopes(self) -> Scopes: ...

    @property
    def team_heads(self) -> TeamHeads: ...

    @property
    def scheduled_changes(self) -> ScheduledChanges: ...

    @property
    def waves(self) -> WaveRules: ...

    @property
    def endings(self) -> Endings: ...

    @property
    def candidates(self) -> Candidates: ...

    def save_employee(self, employee_ref: str, name: str, email: str | None) -> None:
        """Record (or replace) an employee's personal details, which never leave HR."""
        ...

    def post_has_event(self, post_number: str, event_id: str) -> bool:
        """True when the event is one HR recorded in this post's stream."""
        ...

    def post_history(self, post_number: str) -> list[dict[str, Any]]:
        """Every event HR recorded in this post's stream, as envelope documents, oldest first."""
        ...

    def emit(self, event: NewEvent) -> None: ...
