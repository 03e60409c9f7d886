"""The golden thread rebuilt from the log alone, while the replay reads it: every event that
names a candidate or a process, and what each candidate is (its process, team and posts).

The answer is made by the same functions as Workflow's (`shared/programme/thread.py`), so a
difference between the two means they read the log differently.
"""

from __future__ import annotations

import json
from typing import Any

from services.audit.domain.records import AuditedEvent
from shared.events import benefits, redesign
from shared.events.base import EventPayload
from shared.events.catalogue import CATALOGUE
from shared.programme.thread import in_thread, subject_of, thread_answer, threads_answer
from shared.reference import team_code

KINDS = ("candidate", "team", "post")


class UnknownThread(ValueError):
    """The subject is not written as kind:id, or the log has nothing for it."""


class GoldenThread:
    """A replay collector (no findings): the thread of every candidate in the log."""

    events: frozenset[type[EventPayload]] = frozenset(
        kind for kind in CATALOGUE.values()
        if {"candidate_id", "process_id"} & set(kind.model_fields)
    )  # fmt: skip

    def __init__(self) -> None:
        self._kept: dict[str, dict[str, Any]] = {}  # by event id: a redelivery is one event
        self._candidates: dict[str, tuple[str, str, frozenset[str]]] = {}  # team, process, posts
        self._claims: dict[str, set[str]] = {}  # posts any version of its benefit case claims

    def observe(self, event: AuditedEvent) -> None:
        payload = json.loads(event.payload.model_dump_json())
        if subject_of(payload) == (None, None):
            return
        envelope = event.envelope
        self._kept.setdefault(str(envelope.event_id), {
            "event_id": str(envelope.event_id), "event_type": envelope.event_type,
            "producer": envelope.producer, "occurred_at": envelope.occurred_at.isoformat(),
            "payload": payload,
        })  # fmt: skip
        found = event.payload
        if isinstance(found, redesign.CandidateIdentified):
            posts = frozenset(found.post_numbers)
            self._candidates.setdefault(found.candidate_id, (found.team, found.process_id, posts))
        elif isinstance(found, benefits.BenefitCaseRecorded):
            self._claims.setdefault(found.candidate_id, set()).update(found.post_numbers)

    def answer(self, subject: str) -> dict[str, Any]:
        """The thread of `candidate:<id>`, `team:<code or name>` or `post:<number>`."""
        kind, _, name = subject.partition(":")
        if kind not in KINDS or not name:
            raise UnknownThread(f"{subject!r}: give candidate:<id>, team:<code> or post:<number>")
        if kind == "candidate":
            if name not in self._candidates:
                raise UnknownThread(f"candidate {name} is not in the log")
            return self._thread(name)
        if kind == "team":
            code = team_code(name)
            if code is None:
                raise UnknownThread(f"there is no centralised team called {name!r}")
            chosen = [c for c, (team, _, _) in self._candidates.items() if team == code]
            return threads_answer([self._thread(c) for c in sorted(chosen)]) | {"team": code}
        chosen = [c for c, (_, _, posts) in self._candidates.items()
                  if name in posts or name in self._claims.get(c, ())]  # fmt: skip
        return threads_answer([self._thread(c) for c in sorted(chosen)]) | {"post_number": name}

    def _thread(self, candidate_id: str) -> dict[str, Any]:
        _, process_id, _ = self._candidates[candidate_id]
        return thread_answer(candidate_id, in_thread(self._kept.values(), candidate_id, process_id))
