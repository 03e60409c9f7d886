"""Erase an employee's personal data, on request or when the retention schedule says so.

Erasure is crypto-shredding: HR scrubs the plaintext from its own tables, destroys the
employee's data key — so what the log holds sealed under it can never be read again, in any
copy — and says so with `EmployeeDataErased` in each post stream that held their data. The
log itself is not touched: every hash still verifies. Someone who holds a post now cannot
be erased: the register needs to know who holds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, Literal, Protocol

from services.hr.domain.errors import EmployeeNotKnown, ErasureNotAllowed
from services.hr.domain.retention import RetentionSchedule
from shared.events.erasure import EmployeeDataErased
from shared.persistence.outbox import NewEvent


class PersonalData(Protocol):
    """HR's personal data about employees, as erasure and retention see it."""

    def posts_held(self, employee_ref: str) -> list[str]: ...
    def key_id_of(self, employee_ref: str) -> str | None: ...
    def has_details(self, employee_ref: str) -> bool: ...
    def sealed_events(self, key_id: str) -> list[dict[str, Any]]: ...
    def department_of(self, post_number: str) -> str | None: ...
    def scrub(self, employee_ref: str, events: list[dict[str, Any]]) -> None: ...
    def destroy_key(self, employee_ref: str, now: datetime) -> None: ...
    def everyone_known(self) -> set[str]: ...
    def holders(self) -> set[str]: ...
    def leavers(self) -> dict[str, date]: ...
    def mark_left(self, employee_refs: set[str], day: date) -> None: ...
    def unmark_left(self, employee_refs: set[str]) -> None: ...
    def purge_bulk_values(self, finished_before: datetime) -> int: ...


class ErasingUnitOfWork(Protocol):
    """The part of HR's unit of work erasure needs."""

    @property
    def personal_data(self) -> PersonalData: ...

    def emit(self, event: NewEvent) -> None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class EraseEmployeeData:
    """Erase everything HR holds about one employee."""

    employee_ref: str
    today: date
    ground: Literal["request", "retention"] = "request"
    request_reference: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Erasure:
    """What an erasure did: the key destroyed (None: there was none) and the posts told."""

    employee_ref: str
    key_id: str | None
    posts: list[str]
    erased_on: date


def erase_employee_data(uow: ErasingUnitOfWork, command: EraseEmployeeData) -> Erasure:
    """Scrub, destroy the key, tell each post stream; refuse while they hold a post."""
    store, ref = uow.personal_data, command.employee_ref
    held = store.posts_held(ref)
    if held:
        raise ErasureNotAllowed(
            f"employee {ref} holds post {', '.join(held)} now: record the post as vacant (or "
            "its new holder) before erasing their data"
        )
    key_id = store.key_id_of(ref)
    if key_id is None and not store.has_details(ref):
        raise EmployeeNotKnown(ref)
    events = store.sealed_events(key_id) if key_id is not None else []
    store.scrub(ref, events)
    post_numbers = sorted({e["aggregate_id"] for e in events if e["aggregate_type"] == "post"})
    if key_id is not None:
        store.destroy_key(ref, datetime.combine(command.today, time(), UTC))
        for number in post_numbers:
            payload = EmployeeDataErased(
                post_number=number,
                key_id=key_id,
                erased_on=command.today,
                ground=command.ground,
                request_reference=command.request_reference,
            )
            uow.emit(
                NewEvent(
                    payload=payload, aggregate_id=number, department=store.department_of(number)
                )
            )
    return Erasure(employee_ref=ref, key_id=key_id, posts=post_numbers, erased_on=command.today)


@dataclass(frozen=True, slots=True, kw_only=True)
class Purge:
    """What one run of the retention schedule did."""

    newly_left: int
    erased: list[Erasure]
    bulk_runs_cleared: int


def purge_past_retention(uow: ErasingUnitOfWork, schedule: RetentionSchedule, today: date) -> Purge:
    """Note who holds no post from today, erase leavers past their period, and clear bulk
    runs' typed values past theirs."""
    store = uow.personal_data
    holders, left = store.holders(), store.leavers()
    store.unmark_left(set(left) & holders)
    newly_left = store.everyone_known() - holders - set(left)
    store.mark_left(newly_left, today)
    due = sorted(
        ref for ref, day in left.items() if ref not in holders and schedule.leaver_due(day, today)
    )
    erased = [
        erase_employee_data(
            uow, EraseEmployeeData(employee_ref=ref, today=today, ground="retention")
        )
        for ref in due
    ]
    before = datetime.combine(schedule.bulk_values_before(today), time(), UTC)
    return Purge(
        newly_left=len(newly_left), erased=erased, bulk_runs_cleared=store.purge_bulk_values(before)
    )
