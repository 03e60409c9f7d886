"""The board report's plain facts, shared by its arithmetic modules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shared.programme.plan import WavePlan
from shared.programme.progress import PostDates

Table = tuple[tuple[str, ...], list[tuple[object, ...]]]
# A wave in force on the report's date: its id, the plan version in force, its posts.
WaveInForce = tuple[str, WavePlan, list[PostDates]]


@dataclass(frozen=True, kw_only=True)
class PostFacts:
    """What the report needs of one post."""

    post_number: str
    function: str
    department: str
    already_central: bool
    registered_on: date
    out_of_scope_on: date | None = None
    annual_cost: int = 0
    consultation_started: date | None = None
    consultation_closed: date | None = None
    approved: date | None = None
    moved: date | None = None
    # The latest transfer: when proposed, its effective date, when rejected or cancelled.
    proposed: date | None = None
    effective_date: date | None = None
    transfer_ended: date | None = None


@dataclass(frozen=True, kw_only=True)
class DecisionFact:
    """An approval that named the decision it rests on."""

    post_number: str
    reference: str
    decided_on: date
    maker: str
