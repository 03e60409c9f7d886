"""The waves' approval policies HR keeps (table `wave_rules`): read at approval, written by
the `hr.programme` consumer from `workflow.programme`."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from services.hr.adapters.tables import wave_rules
from services.hr.domain.wave_rules import WaveRule
from shared.events import programme
from shared.events.catalogue import ReadEvent
from shared.programme.plan import plan_from_payload


class WaveRuleRepository:
    """The waves covering a post, as of what HR has read."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def covering(self, function: str, department: str) -> list[WaveRule]:
        rows = self._connection.execute(select(wave_rules.c.body).order_by(wave_rules.c.wave_id))
        rules = [_rule(row.body) for row in rows]
        return [rule for rule in rules if rule.covers(function, department)]


def apply_programme_events(connection: Connection, events: list[ReadEvent]) -> None:
    """The `hr.programme` consumer's apply: each wave's rule, in its stream's order."""
    for event in sorted(events, key=lambda e: (e.envelope.aggregate_id, e.envelope.sequence)):
        wave_id, sequence = event.envelope.aggregate_id, event.envelope.sequence
        stored = connection.execute(
            select(wave_rules).where(wave_rules.c.wave_id == wave_id)
        ).first()
        if stored is not None and stored.sequence >= sequence:
            continue  # already applied
        current = _rule(stored.body) if stored is not None else None
        updated = _updated(current, event)
        if updated is None:
            continue  # an assessment before its wave's plan: nothing to attach it to
        connection.execute(delete(wave_rules).where(wave_rules.c.wave_id == wave_id))
        connection.execute(
            insert(wave_rules).values(wave_id=wave_id, sequence=sequence, body=_body(updated))
        )


def _updated(current: WaveRule | None, event: ReadEvent) -> WaveRule | None:
    payload: Any = event.payload
    if isinstance(payload, programme.EqualityImpactAssessmentRecorded):
        return replace(current, equality_assessment_status=payload.status) if current else None
    assessment = current.equality_assessment_status if current else "not_started"
    plan = plan_from_payload(payload.model_dump(mode="json"))
    return WaveRule(wave_id=payload.wave_id, plan=plan, equality_assessment_status=assessment)


def _body(rule: WaveRule) -> dict[str, Any]:
    plan = {**asdict(rule.plan), "plan_version": rule.plan.version}
    body = {key: value.isoformat() if isinstance(value, date) else value
            for key, value in plan.items()}  # fmt: skip
    return {
        "wave_id": rule.wave_id,
        "plan": body,
        "equality_assessment_status": rule.equality_assessment_status,
    }


def _rule(body: dict[str, Any]) -> WaveRule:
    return WaveRule(
        wave_id=str(body["wave_id"]),
        plan=plan_from_payload(body["plan"]),
        equality_assessment_status=str(body["equality_assessment_status"]),
    )
