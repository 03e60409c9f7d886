"""The board report's savings against targets, per central team and financial year.

Kept apart so the report can be pointed at a richer source of targets (a benefits register)
without touching the rest: today it is Finance's `SavingsTargetSet` (the latest per team and
year, by the team stream's sequence) and `SavingsRealised` (summed), for every financial year
up to the one the report's date falls in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, kw_only=True)
class SavingsFact:
    """A savings target set, or a saving realised, for a team's financial year."""

    team: str
    financial_year: str  # "2026/27"
    kind: str  # "target" or "realised"
    amount: int
    sequence: int  # in the team's savings stream: the latest target wins


def financial_year_of(day: date) -> str:
    """The council's financial year (April to March) a date falls in, e.g. '2026/27'."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def savings_rows(
    savings: Sequence[SavingsFact], as_of: date
) -> tuple[tuple[str, ...], list[tuple[object, ...]]]:
    """Target, realised and gap (target − realised) per team and year, up to `as_of`'s year."""
    last_year = financial_year_of(as_of)
    targets: dict[tuple[str, str], tuple[int, int]] = {}
    realised: dict[tuple[str, str], int] = {}
    for fact in savings:
        key = (fact.team, fact.financial_year)
        if fact.financial_year > last_year:
            continue
        if fact.kind == "target":
            if key not in targets or targets[key][0] < fact.sequence:
                targets[key] = (fact.sequence, fact.amount)
        else:
            realised[key] = realised.get(key, 0) + fact.amount
    rows: list[tuple[object, ...]] = []
    for team, year in sorted(set(targets) | set(realised)):
        target = targets.get((team, year), (0, 0))[1]
        done = realised.get((team, year), 0)
        rows.append((team, year, target, done, target - done))
    return ("team", "financial_year", "target", "realised", "gap"), rows
