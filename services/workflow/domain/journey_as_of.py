"""A post's journey as at a date, as known on a date: "what did we believe on 1 March about
1 April?" beside "what do we now know about 1 April?".

Only facts recorded by the end of the "known on" day are read, and of those only facts that
happened by the "as of" day. A correction known by then is applied to the fact it names, as
if that fact had said the new values (so a late correction puts an earlier date right).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from services.workflow.domain.journey import Journey, PostFact, fold_journey
from shared.events.post_corrections import PostFactCorrected


@dataclass(frozen=True, slots=True, kw_only=True)
class KnownFact:
    """A fact with its event id and the day it was recorded (UTC)."""

    fact: PostFact
    event_id: str
    recorded_on: date


def journey_as_of(
    post_number: str, facts: Iterable[KnownFact], as_of: date, as_known_on: date | None
) -> Journey:
    """The journey then, from the facts known then, each read as corrected by then."""
    known = [f for f in facts if as_known_on is None or f.recorded_on <= as_known_on]
    fixes: dict[str, dict[str, Any]] = {}
    for found in known:
        if found.fact.kind is PostFactCorrected:
            payload = found.fact.payload
            fixed = fixes.setdefault(str(payload["corrects_event_id"]), {})
            fixed.update({fix["field"]: fix["new"] for fix in payload["corrections"]})
    kept = [
        _corrected(found.fact, fixes.get(found.event_id))
        for found in known
        if found.fact.kind is not PostFactCorrected and found.fact.occurred_at.date() <= as_of
    ]
    return fold_journey(post_number, kept)


def _corrected(fact: PostFact, fixed: Mapping[str, Any] | None) -> PostFact:
    if not fixed:
        return fact
    values = {k: v for k, v in fixed.items() if k != "effective_date"}
    return replace(fact, payload={**fact.payload, **values})
