"""Seal the personal fields of HR's events before they reach the outbox (and so the log).

Whose key: the person the fact is about. A post's events belong to its holder — the
employee the event names, else the one who held the post when this transaction loaded it
(so the reason a post fell vacant is its leaver's), else its holder in the register. A
question and its answer belong to the member of staff who asked it, when the asker is an
employee HR knows (a union's representative is nobody's). A fact about nobody is left as
it is: there is no one whose erasure it could outlive.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, select

from services.hr.adapters.personal_keys import KeyRing
from services.hr.adapters.repository import PostRepository
from services.hr.adapters.tables import consultation_exercises, personal_data_keys, posts
from shared.events import consultation as cx
from shared.events.base import EventPayload
from shared.events.hr import PostEvent
from shared.events.personal import is_sealed, personal_entries_of, personal_fields
from shared.persistence.outbox import NewEvent


class Sealer:
    """Seals events of one transaction with the keys of the people they are about."""

    def __init__(self, connection: Connection, keys: KeyRing, posts_seen: PostRepository) -> None:
        self._connection = connection
        self._keys = keys
        self._posts_seen = posts_seen

    def seal(self, event: NewEvent) -> NewEvent:
        """The event with its personal fields sealed (unchanged when it is about nobody)."""
        payload = event.payload
        kind = type(payload)
        values = {name: getattr(payload, name) for name in personal_fields(kind)}
        plain = {name: value for name, value in values.items() if _needs_sealing(value)}
        entries = personal_entries_of(kind)
        if not plain and not entries:
            return event
        subject = self.subject_of(payload)
        if subject is None:
            return event
        update: dict[str, Any] = {
            name: self._keys.seal(subject, value) for name, value in plain.items()
        }
        for name, keys in entries.items():
            mapping = getattr(payload, name)
            update[name] = {
                key: self._keys.seal(subject, value)
                if key in keys and _needs_sealing(value)
                else value
                for key, value in mapping.items()
            }
        return replace(event, payload=payload.model_copy(update=update))

    def subject_of(self, payload: EventPayload) -> str | None:
        """The employee reference of the person the fact is about, if any."""
        named = getattr(payload, "employee_ref", None)
        if isinstance(named, str) and not is_sealed(named):
            return named
        if isinstance(payload, PostEvent):
            held = self._posts_seen.holder_when_loaded(payload.post_number)
            return held if held is not None else self._holder(payload.post_number)
        if isinstance(payload, cx.ConsultationQuestionAsked):
            return payload.asked_by if self._is_employee(payload.asked_by) else None
        if isinstance(payload, cx.ConsultationQuestionAnswered):
            asker = self._asker(payload.exercise_id, payload.question_id)
            return asker if asker is not None and self._is_employee(asker) else None
        return None

    def _holder(self, post_number: str) -> str | None:
        query = select(posts.c.employee_ref).where(posts.c.post_number == post_number)
        holder: str | None = self._connection.scalar(query)
        return holder

    def _is_employee(self, reference: str) -> bool:
        held = select(posts.c.post_number).where(posts.c.employee_ref == reference).limit(1)
        keyed = select(personal_data_keys.c.key_id).where(
            personal_data_keys.c.employee_ref == reference
        )
        return (
            self._connection.scalar(held) is not None or self._connection.scalar(keyed) is not None
        )

    def _asker(self, exercise_id: str, question_id: str) -> str | None:
        table = consultation_exercises
        query = select(table.c.body).where(table.c.exercise_id == exercise_id)
        body = self._connection.scalar(query)
        asker = (body or {}).get("questions", {}).get(question_id, {}).get("asked_by")
        return asker if isinstance(asker, str) else None


def _needs_sealing(value: object) -> bool:
    return isinstance(value, str) and value != "" and not is_sealed(value)
