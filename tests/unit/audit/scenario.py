"""A realistic, dated history of posts moving into central teams, as HR and Finance publish it.

Used by the unit tests (fed to the replay directly) and by the integration tests (written
straight to the topics). Each message: logical topic, key, sealed envelope document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from shared.events import finance as fe
from shared.events import hr as he
from shared.events.base import EventPayload
from tests.support.envelopes import StreamWriter, aggregate_id_of
from tests.support.events import (
    approved,
    cancelled,
    proposed,
    registered,
    rescinded,
    took_effect,
)


@dataclass
class Message:
    topic: str
    key: str
    document: dict[str, Any]


@dataclass(frozen=True)
class FakeRecord:
    """What the replay reads of a Kafka record."""

    topic: str
    partition: int
    offset: int
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...] = ()


def at(day: date, hour: int = 10) -> str:
    return datetime.combine(day, time(hour), tzinfo=UTC).isoformat()


class History:
    """Builds the events; `messages` is the log in publication order."""

    def __init__(self) -> None:
        self.hr = StreamWriter("hr")
        self.finance = StreamWriter("finance")
        self.messages: list[Message] = []
        self.posts: dict[str, tuple[str, str, int]] = {}  # number -> department, cc, cost

    def emit(
        self, payload: EventPayload, day: date, hour: int = 10, role: str = "hr_staff", **extra: Any
    ) -> dict[str, Any]:
        key = aggregate_id_of(payload)  # a post, or an exercise (which spans departments)
        writer = self.hr if payload.TOPIC.startswith("hr.") else self.finance
        if writer is self.finance and role == "hr_staff":
            role = "system"
        department = None if payload.AGGREGATE_TYPE == "exercise" else "CS"
        department = self.posts.get(key, (department, "", 0))[0]
        document = writer.document(
            payload, key, department, role, occurred_at=at(day, hour), recorded_at=at(day, hour),
            **extra,
        )  # fmt: skip
        self.messages.append(Message(payload.TOPIC, key, document))
        return document

    def register(self, post: str, department: str, cost: int, day: date) -> None:
        cost_centre = f"{department}-FIN-01"
        self.posts[post] = (department, cost_centre, cost)
        self.emit(registered(post, "FIN", department, cost), day)

    def propose(self, post: str, transfer: str, day: date, effective: date) -> None:
        department, _, cost = self.posts[post]
        self.emit(proposed(post, transfer, effective, "FIN", department, cost), day)

    def check_budget(self, post: str, transfer: str, day: date) -> None:
        cost = self.posts[post][2]
        ids = {"post_number": post, "transfer_id": transfer}
        self.emit(
            fe.BudgetCheckPassed(**ids, cost_centre="FIN-CENTRAL", annual_cost=cost, headroom=9),
            day,
            11,
        )

    def open_consultation(
        self, post: str, transfer: str, opened: date, closes: date, exercise: str | None = None
    ) -> None:
        ids = {"post_number": post, "transfer_id": transfer, "exercise_id": exercise}
        self.emit(he.ConsultationOpened(**ids, opened_on=opened, closes_by=closes), opened)

    def close_consultation(
        self,
        post: str,
        transfer: str,
        closed: date,
        outcome: str = "agreed",
        exercise: str | None = None,
    ) -> None:
        ids = {"post_number": post, "transfer_id": transfer, "exercise_id": exercise}
        self.emit(he.ConsultationClosed.model_validate({**ids, "closed_on": closed,
                                                        "outcome": outcome}), closed)  # fmt: skip

    def consult(self, post: str, transfer: str, opened: date, closed: date) -> None:
        self.open_consultation(post, transfer, opened, closed)
        self.close_consultation(post, transfer, closed)

    def approve(
        self,
        post: str,
        transfer: str,
        day: date,
        effective: date,
        role: str = "hr_staff",
        by: str = "approving-officer",  # not the proposer ("tester"): separation of duties
        **extra: Any,
    ) -> None:
        ids = {"post_number": post, "transfer_id": transfer}
        actor = {"id": by, "role": role, "department": None}
        self.emit(approved(post, transfer, effective), day, 12, role=role, actor=actor, **extra)
        _, _, cost = self.posts[post]
        self.emit(fe.BudgetReserved(**ids, cost_centre="FIN-CENTRAL", amount=cost), day, 13)

    def take_effect(self, post: str, transfer: str, day: date, moved: int | None = None) -> None:
        department, cost_centre, cost = self.posts[post]
        ids = {"post_number": post, "transfer_id": transfer}
        self.emit(took_effect(post, transfer, day, department=department, cost=cost), day)
        self.emit(
            fe.BudgetMoved(
                **ids, from_cost_centre=cost_centre, to_cost_centre="FIN-CENTRAL",
                effective_date=day, financial_year="2026/27",
                full_year_amount=cost if moved is None else moved, amount_this_year=cost,
            ),
            day,
            11,
        )  # fmt: skip

    def rescind(self, post: str, transfer: str, day: date, moved_on: date) -> None:
        """HR rescinds the transfer that took effect `moved_on`."""
        self.emit(rescinded(post, transfer, moved_on), day)

    def reverse(
        self, post: str, transfer: str, day: date, moved_on: date, amount: int, hour: int = 11
    ) -> None:
        """Finance moves `amount` a year back to the post's department for the transfer."""
        reversal = fe.BudgetMoveReversed(
            post_number=post, transfer_id=transfer, from_cost_centre="FIN-CENTRAL",
            to_cost_centre=self.posts[post][1], effective_date=moved_on,
            financial_year="2026/27", full_year_amount=amount, amount_this_year=amount // 2,
        )  # fmt: skip
        self.emit(reversal, day, hour)

    def cancel(self, post: str, transfer: str, day: date, stage: str) -> None:
        self.emit(cancelled(post, transfer, stage), day)

    def full_transfer(
        self, post: str, transfer: str, proposed: date, effective: date, moved: int | None = None
    ) -> None:
        """Every step, in order, each on its own day."""
        self.propose(post, transfer, proposed, effective)
        self.check_budget(post, transfer, proposed)
        self.consult(post, transfer, date(2026, 2, 2), date(2026, 3, 4))  # 30 days
        self.approve(post, transfer, date(2026, 3, 5), effective)
        self.take_effect(post, transfer, effective, moved)


def clean_history() -> History:
    """Five posts in three departments; two moved, one cancelled, one in consultation."""
    history = History()
    for post, department, cost in (
        ("20001", "CS", 41_000), ("20002", "ASC", 38_500), ("20003", "PLACE", 52_000),
        ("20004", "CS", 36_000), ("20005", "CORP", 44_000),
    ):  # fmt: skip
        history.register(post, department, cost, date(2026, 1, 5))
    history.full_transfer("20001", "T-1", date(2026, 2, 1), date(2026, 4, 1))
    history.full_transfer("20002", "T-2", date(2026, 2, 1), date(2026, 5, 1))
    history.propose("20003", "T-3", date(2026, 2, 15), date(2026, 6, 1))
    history.check_budget("20003", "T-3", date(2026, 2, 15))
    history.cancel("20003", "T-3", date(2026, 3, 5), "proposed")
    history.propose("20004", "T-4", date(2026, 3, 1), date(2026, 7, 1))
    history.open_consultation("20004", "T-4", date(2026, 3, 2), date(2026, 9, 1))
    return history


def records(messages: list[Message], prefix: str = "") -> list[FakeRecord]:
    """The messages as records on one partition per topic, offsets counted per topic."""
    from tests.support.envelopes import to_bytes

    offsets: dict[str, int] = {}
    found: list[FakeRecord] = []
    for message in messages:
        offset = offsets.get(message.topic, 0)
        offsets[message.topic] = offset + 1
        found.append(FakeRecord(prefix + message.topic, 0, offset, to_bytes(message.document)))
    return found
