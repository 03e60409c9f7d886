"""The board report's inputs, rebuilt from the log alone while the replay reads it: each
post's facts in its stream's order, every wave plan version, Finance's savings facts.

The figures come from the same arithmetic as Workflow's report (`shared/programme/board.py`);
only the facts are the auditor's own, so a difference means the two read the log differently.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from services.audit.domain.records import AuditedEvent
from shared.events import consultation, finance, hr, programme
from shared.events.base import EventPayload
from shared.programme.board import BoardInputs
from shared.programme.exercises import EXERCISE_READ, exercises_from
from shared.programme.facts import READ, posts_and_decisions
from shared.programme.plan import WavePlan, plan_from_payload
from shared.programme.savings import SavingsFact

_POST_EVENTS = frozenset(kind for kind in hr.EVENTS if kind.EVENT_TYPE in READ)
_EXERCISE_EVENTS = frozenset(
    kind for kind in consultation.EVENTS if kind.EVENT_TYPE in EXERCISE_READ
)


class BoardFacts:
    """A replay collector (no findings): what the board report is made of."""

    events: frozenset[type[EventPayload]] = frozenset(
        {*_POST_EVENTS, *_EXERCISE_EVENTS, programme.WavePlanned, programme.WaveReplanned,
         finance.SavingsTargetSet, finance.SavingsRealised}
    )  # fmt: skip

    def __init__(self) -> None:
        self._posts: dict[str, list[tuple[str, date, dict[str, Any]]]] = {}
        self._plans: dict[str, list[WavePlan]] = {}
        self._savings: list[SavingsFact] = []
        self._exercises: dict[str, list[tuple[str, date, dict[str, Any]]]] = {}

    def observe(self, event: AuditedEvent) -> None:
        envelope, payload = event.envelope, event.payload
        body = payload.model_dump(mode="python")
        if isinstance(payload, programme.WavePlanFields):
            plan = plan_from_payload(body, envelope.recorded_at.date())
            self._plans.setdefault(payload.wave_id, []).append(plan)
        elif isinstance(payload, finance.TeamSavingsEvent):
            kind = "target" if isinstance(payload, finance.SavingsTargetSet) else "realised"
            self._savings.append(SavingsFact(
                team=payload.team, financial_year=payload.financial_year, kind=kind,
                amount=body["amount"], sequence=envelope.sequence,
            ))  # fmt: skip
        elif isinstance(payload, consultation.ExerciseEvent):
            facts = self._exercises.setdefault(payload.exercise_id, [])
            facts.append((envelope.event_type, envelope.occurred_at.date(), body))
        else:
            facts = self._posts.setdefault(str(body["post_number"]), [])
            facts.append((envelope.event_type, envelope.occurred_at.date(), body))

    def inputs(self) -> BoardInputs:
        """Everything read, as the report's inputs."""
        posts, decisions = posts_and_decisions(sorted(self._posts.items()))
        return BoardInputs(
            posts=posts, plans=self._plans, savings=self._savings, decisions=decisions,
            exercises=exercises_from(sorted(self._exercises.items())),
        )  # fmt: skip
