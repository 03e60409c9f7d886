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

from shared.programme.board_types import Table, WaveInForce

OUTSIDE_WAVES = "none"  # savings of functions no wave covers (e.g. HR's, already central)


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


def wave_savings_table(
    savings: Sequence[SavingsFact], waves: Sequence[WaveInForce], as_of: date
) -> Table:
    """Each wave's target saving (a year) against the savings realised in the report's
    financial year by the central teams of its functions, and the gap.

    A team's savings are shared between the waves covering its function in proportion to
    their posts of that function (equally where none has posts yet; whole pounds, the
    remainder to the first wave); a function no wave covers is shown as `none`, with no
    target of its own.
    """
    year = financial_year_of(as_of)
    realised: dict[str, int] = {}
    for fact in savings:
        if fact.kind == "realised" and fact.financial_year == year:
            realised[fact.team] = realised.get(fact.team, 0) + fact.amount
    shares = {wave_id: 0 for wave_id, _, _ in waves}
    for team, amount in sorted(realised.items()):
        weights = {
            wave_id: sum(1 for post in posts if post.function == team)
            for wave_id, plan, posts in waves
            if team in plan.functions
        }
        if not weights:
            shares[OUTSIDE_WAVES] = shares.get(OUTSIDE_WAVES, 0) + amount
            continue
        if not any(weights.values()):
            weights = dict.fromkeys(weights, 1)
        whole = sum(weights.values())
        split = {wave_id: amount * weight // whole for wave_id, weight in weights.items()}
        split[next(iter(split))] += amount - sum(split.values())
        for wave_id, share in split.items():
            shares[wave_id] += share
    rows: list[tuple[object, ...]] = []
    for wave_id, plan, _ in waves:
        got = shares[wave_id]
        rows.append((wave_id, plan.name, year, plan.target_saving, got, plan.target_saving - got))
    if OUTSIDE_WAVES in shares:
        got = shares[OUTSIDE_WAVES]
        rows.append((OUTSIDE_WAVES, "Outside the waves", year, 0, got, -got))
    return ("wave", "name", "financial_year", "target_saving", "realised", "gap"), rows
