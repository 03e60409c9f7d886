"""An employee's personal data in HR's tables: found, and scrubbed when it is erased.

What HR keeps in plaintext of a person: their name and contact details (`employees`), and
copies of what it sealed on the log for them — a transfer's reasons and consultation notes,
a scheduled change's reason, a scope decision's reasons, a question they asked and its
answer. Their events are found in the outbox (HR's journal, which holds the ciphertext the
log holds) by the id of their key; each such event says which row of HR's tables holds its
plaintext.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final

import orjson
from sqlalchemy import Connection, delete, insert, select, update

from services.hr.adapters.personal_keys import KeyRing
from services.hr.adapters.tables import (
    bulk_run_values,
    bulk_runs,
    consultation_exercises,
    employees,
    leavers,
    messaging,
    personal_data_keys,
    post_scopes,
    posts,
    scheduled_post_changes,
    transfers,
)
from shared.events.personal import SEALED_PREFIX

ERASED: Final = "(erased)"
_TRANSFER_TEXT: Final = ("reason", "consultation_notes", "decided_reason")


class PersonalDataStore:
    """One employee's personal data across HR's tables, in one transaction."""

    def __init__(self, connection: Connection, keys: KeyRing) -> None:
        self._connection = connection
        self._keys = keys

    def posts_held(self, employee_ref: str) -> list[str]:
        query = select(posts.c.post_number).where(posts.c.employee_ref == employee_ref)
        return sorted(self._connection.scalars(query))

    def key_id_of(self, employee_ref: str) -> str | None:
        return self._keys.key_id_of_employee(employee_ref)

    def has_details(self, employee_ref: str) -> bool:
        query = select(employees.c.employee_ref).where(employees.c.employee_ref == employee_ref)
        return self._connection.scalar(query) is not None

    def sealed_events(self, key_id: str) -> list[dict[str, Any]]:
        """Every event HR wrote with a field sealed under this key, oldest first."""
        outbox = messaging.outbox
        query = (
            select(outbox.c.body)
            .where(outbox.c.body.contains(f'"{SEALED_PREFIX}{key_id}:'))
            .order_by(outbox.c.id)
        )
        return [orjson.loads(body) for body in self._connection.scalars(query)]

    def department_of(self, post_number: str) -> str | None:
        query = select(posts.c.department).where(posts.c.post_number == post_number)
        department: str | None = self._connection.scalar(query)
        return department

    def scrub(self, employee_ref: str, events: list[dict[str, Any]]) -> None:
        """Remove the employee's plaintext from HR's tables (the log keeps the ciphertext)."""
        self._connection.execute(delete(employees).where(employees.c.employee_ref == employee_ref))
        self._connection.execute(delete(leavers).where(leavers.c.employee_ref == employee_ref))
        for event in events:
            payload = event["payload"]
            if payload.get("transfer_id"):
                self._scrub_transfer(str(payload["transfer_id"]))
            if payload.get("change_id"):
                self._scrub_change(str(payload["change_id"]))
            if event["event_type"].startswith("PostScope"):
                self._scrub_scope(str(payload["post_number"]))
            if payload.get("question_id") and payload.get("exercise_id"):
                self._scrub_question(str(payload["exercise_id"]), str(payload["question_id"]))

    def destroy_key(self, employee_ref: str, now: datetime) -> None:
        self._keys.destroy(employee_ref, now)

    def everyone_known(self) -> set[str]:
        """Every employee HR holds personal data about: a key, details, or a post."""
        keyed = select(personal_data_keys.c.employee_ref)
        detailed = select(employees.c.employee_ref)
        holding = select(posts.c.employee_ref).where(posts.c.employee_ref.is_not(None))
        found: set[str] = set()
        for query in (keyed, detailed, holding):
            found.update(self._connection.scalars(query))
        return found

    def holders(self) -> set[str]:
        query = select(posts.c.employee_ref).where(posts.c.employee_ref.is_not(None))
        return set(self._connection.scalars(query))

    def leavers(self) -> dict[str, date]:
        rows = self._connection.execute(select(leavers.c.employee_ref, leavers.c.left_on))
        return {row.employee_ref: row.left_on for row in rows}

    def mark_left(self, employee_refs: set[str], day: date) -> None:
        if employee_refs:
            rows = [{"employee_ref": ref, "left_on": day} for ref in sorted(employee_refs)]
            self._connection.execute(insert(leavers), rows)

    def unmark_left(self, employee_refs: set[str]) -> None:
        if employee_refs:
            query = delete(leavers).where(leavers.c.employee_ref.in_(sorted(employee_refs)))
            self._connection.execute(query)

    def purge_bulk_values(self, finished_before: datetime) -> int:
        """Delete the typed values of bulk runs finished before the day; how many runs."""
        old = select(bulk_runs.c.run_id).where(
            bulk_runs.c.finished_at.is_not(None), bulk_runs.c.finished_at < finished_before
        )
        query = delete(bulk_run_values).where(bulk_run_values.c.run_id.in_(old))
        return self._connection.execute(query).rowcount or 0

    def _scrub_transfer(self, transfer_id: str) -> None:
        query = update(transfers).where(transfers.c.transfer_id == transfer_id)
        self._connection.execute(query.values({name: ERASED for name in _TRANSFER_TEXT}))

    def _scrub_change(self, change_id: str) -> None:
        table = scheduled_post_changes
        changes: dict[str, Any] | None = self._connection.scalar(
            select(table.c.changes).where(table.c.change_id == change_id)
        )
        if changes is not None and "employee_ref" in changes:
            changes = {**changes, "employee_ref": ERASED}
        self._connection.execute(
            update(table)
            .where(table.c.change_id == change_id)
            .values(reason=ERASED, changes=changes)
        )

    def _scrub_scope(self, post_number: str) -> None:
        table = post_scopes
        body = self._connection.scalar(
            select(table.c.body).where(table.c.post_number == post_number)
        )
        if body is not None:
            scrubbed = {
                name: ERASED if "reason" in name and isinstance(value, str) and value else value
                for name, value in body.items()
            }
            query = update(table).where(table.c.post_number == post_number)
            self._connection.execute(query.values(body=scrubbed))

    def _scrub_question(self, exercise_id: str, question_id: str) -> None:
        table = consultation_exercises
        where = table.c.exercise_id == exercise_id
        body: dict[str, Any] | None = self._connection.scalar(select(table.c.body).where(where))
        question = (body or {}).get("questions", {}).get(question_id)
        if body is not None and question is not None:
            erased = {"asked_by": ERASED, "text": ERASED}
            if question.get("answer") is not None:
                erased["answer"] = ERASED
            questions = {**body["questions"], question_id: {**question, **erased}}
            self._connection.execute(
                update(table).where(where).values(body={**body, "questions": questions})
            )
