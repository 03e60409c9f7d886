"""Correcting a fact HR recorded about a post: which facts, which fields, and what changes.

A correction names the event it puts right and reads that event as if it had said the new
values. The post's values now are its facts folded in the order recorded, each read as
corrected, so a correction changes the post only where the corrected fact still holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from services.hr.domain.errors import CorrectionNotAllowed, EventNotFound

Value = str | int | float | None
DETAILS: Final = ("title", "grade", "fte", "cost_centre", "annual_cost")
# The fields each kind of fact records that a correction may put right. A transfer's own
# facts have their own steps (its date changes before approval; a wrong move is rescinded).
CORRECTABLE: Final[Mapping[str, tuple[str, ...]]] = {
    "PostRegistered": (*DETAILS, "function", "department", "reports_to"),
    "PostUpdated": DETAILS,
    "ReportingLineChanged": ("reports_to", "effective_date"),
}
_INSTEAD: Final[Mapping[str, str]] = {
    "TransferProposed": "change its effective date, or cancel it and propose again",
    "TransferEffective": "rescind the move if it was a mistake",
    "PostChangeScheduled": "the change is not in force yet: record the right one instead",
}
# Facts that set the post's line besides the correctable ones.
_LINE_FACTS: Final = frozenset({"TransferEffective", "TransferRescinded"})


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordedFact:
    """One event in the post's stream, as much as a correction needs."""

    event_id: str
    event_type: str
    effective_date: date | None
    fields: Mapping[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class Correction:
    """A correction decided: each field's old and new value, and the post's changed values."""

    event: RecordedFact
    fields: tuple[tuple[str, Value, Value], ...]
    in_force: dict[str, Value] = field(default_factory=dict)


def recorded_values(history: Sequence[RecordedFact]) -> dict[str, dict[str, Value]]:
    """Each correctable event's values as corrected so far: event id → field → value.
    A change of details records only the details it changed."""
    values: dict[str, dict[str, Value]] = {}
    for fact in history:
        names = CORRECTABLE.get(fact.event_type)
        if names is not None:
            dated = {"effective_date": _iso(fact.effective_date)}
            given = {name: fact.fields.get(name) for name in names if name in fact.fields}
            if fact.event_type == "PostUpdated":
                given = {name: value for name, value in given.items() if value is not None}
            values[fact.event_id] = {**given, **dated} if "effective_date" in names else given
        elif fact.event_type == "PostFactCorrected" and fact.fields["corrects_event_id"] in values:
            for fixed in fact.fields["corrections"]:
                values[fact.fields["corrects_event_id"]][fixed["field"]] = fixed["new"]
    return values


def in_force(history: Sequence[RecordedFact]) -> dict[str, Value]:
    """The post's values now: its facts in the order recorded, each read as corrected."""
    values = recorded_values(history)
    now: dict[str, Value] = {}
    for fact in history:
        if fact.event_id in values:
            now.update({k: v for k, v in values[fact.event_id].items() if k != "effective_date"})
        elif fact.event_type in _LINE_FACTS and "reports_to" in fact.fields:
            now["reports_to"] = fact.fields["reports_to"]
    return now


def decide_correction(
    post_number: str,
    history: Sequence[RecordedFact],
    event_id: str,
    changes: Mapping[str, Value],
    today: date,
) -> Correction:
    """Which fields of the named fact change, and how the post's values now change; refuse
    a fact that is not the post's, not correctable, a field it did not record, or no change."""
    fact = next((f for f in history if f.event_id == event_id), None)
    if fact is None:
        raise EventNotFound(post_number, event_id)
    if fact.event_type not in CORRECTABLE:
        instead = _INSTEAD.get(fact.event_type, "it is not a fact about the post itself")
        raise CorrectionNotAllowed(
            f"event {event_id} is a {fact.event_type}, not a registered fact of post "
            f"{post_number} a correction can put right: {instead}"
        )
    recorded = recorded_values(history)[event_id]
    unknown = sorted(set(changes) - set(recorded))
    if unknown:
        raise CorrectionNotAllowed(
            f"the {fact.event_type} {event_id} did not record {', '.join(unknown)}; it recorded "
            f"{', '.join(recorded)}"
        )
    fixed = tuple((k, recorded[k], v) for k, v in sorted(changes.items()) if recorded[k] != v)
    if not fixed:
        raise CorrectionNotAllowed(
            f"the {fact.event_type} {event_id} already records these values: nothing to correct"
        )
    dated = dict(changes).get("effective_date")
    if isinstance(dated, str) and date.fromisoformat(dated) > today:
        raise CorrectionNotAllowed(
            f"a recorded change cannot be dated after today ({today:%d %B %Y}): a change "
            "still to come is scheduled, not corrected"
        )
    corrected = RecordedFact(
        event_id="",
        event_type="PostFactCorrected",
        effective_date=None,
        fields={
            "corrects_event_id": event_id,
            "corrections": [{"field": k, "old": old, "new": new} for k, old, new in fixed],
        },
    )
    before, after = in_force(history), in_force([*history, corrected])
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    return Correction(event=fact, fields=fixed, in_force=changed)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None
