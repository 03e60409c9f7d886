"""Figures as bar-chart rows: widths in per cent of the largest, the figures themselves kept."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# The stages a board reads left to right, with the words shown to people.
STAGES: dict[str, str] = {
    "in_department": "Not yet moving",
    "proposed": "Proposed",
    "in_consultation": "In consultation",
    "consultation_closed": "Consultation closed",
    "approved": "Approved",
    "effective": "Moved",
    "rejected": "Rejected",
    "cancelled": "Cancelled",
    "not_yet_registered": "Not yet registered",
}


@dataclass(frozen=True, kw_only=True)
class Segment:
    stage: str
    label: str
    posts: int
    width: float  # per cent of the row's posts


def stage_segments(posts_by_stage: Mapping[str, int]) -> list[Segment]:
    """One stacked bar: each stage's share of the row's posts, in programme order."""
    total = sum(posts_by_stage.values())
    order = [*STAGES, *sorted(set(posts_by_stage) - set(STAGES))]
    return [
        Segment(
            stage=stage,
            label=STAGES.get(stage, stage),
            posts=posts_by_stage[stage],
            width=round(100 * posts_by_stage[stage] / total, 2),
        )
        for stage in order
        if posts_by_stage.get(stage)
    ]


def widths(values: Iterable[float]) -> list[float]:
    """Each value as a per cent of the largest (0 when everything is 0)."""
    figures = list(values)
    top = max((abs(value) for value in figures), default=0)
    return [round(100 * abs(value) / top, 2) if top else 0.0 for value in figures]


def money(amount: Any) -> str:
    """£12,345 (negative: −£12,345); the figure itself is not rounded further."""
    value = float(amount or 0)
    text = f"£{abs(value):,.0f}" if value == int(value) else f"£{abs(value):,.2f}"
    return f"−{text}" if value < 0 else text


def stage_words(stage: str | None) -> str:
    return STAGES.get(stage or "", (stage or "unknown").replace("_", " "))
