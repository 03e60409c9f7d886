"""A fact HR recorded wrongly was corrected: the journey takes the post's corrected values
now in force (its department of origin, function, grade, cost, ...), which HR states in
the correction, so the fold needs no other event than the correction itself."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # journey.py imports this step at run time
    from services.workflow.domain.journey import Journey, PostFact

_AS_READ: dict[str, type[Any]] = {
    "title": str,
    "grade": str,
    "function": str,
    "department": str,
    "cost_centre": str,
    "fte": float,
    "annual_cost": int,
}


def corrected(journey: Journey, fact: PostFact) -> None:
    """Take the corrected values the post now has (none when a later fact still holds)."""
    for name, value in dict(fact.payload.get("in_force") or {}).items():
        if name in _AS_READ and value is not None:
            setattr(journey, name, _AS_READ[name](value))


def correction_summary(payload: Any) -> str:
    """One timeline line: which event, each field old → new, why and who decided."""
    fields = ", ".join(
        f"{fix['field'].replace('_', ' ')} {fix['old']} → {fix['new']}"
        for fix in payload["corrections"]
    )
    return (
        f"{payload['corrects_event_type']} corrected ({fields}) by {payload['decided_by']}: "
        f"{payload['reason']}"
    )
