"""The unit of work HR handlers run in: posts, employees, and events, committed together."""

from __future__ import annotations

from typing import Protocol

from services.hr.domain.post import Post
from shared.persistence.outbox import NewEvent


class Posts(Protocol):
    """The post register as handlers see it."""

    def get(self, post_number: str) -> Post | None: ...
    def exists(self, post_number: str) -> bool: ...
    def add(self, post: Post) -> None: ...
    def save(self, post: Post) -> None: ...


class UnitOfWork(Protocol):
    """One transaction: handlers read and change posts and add events to emit."""

    @property
    def posts(self) -> Posts: ...

    def save_employee(self, employee_ref: str, name: str, email: str | None) -> None:
        """Record (or replace) an employee's personal details, which never leave HR."""
        ...

    def post_has_event(self, post_number: str, event_id: str) -> bool:
        """True when the event is one HR recorded in this post's stream."""
        ...

    def emit(self, event: NewEvent) -> None: ...
