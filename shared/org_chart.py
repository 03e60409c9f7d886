"""The org chart's layout: who reports to whom, as a tree per department and per central team.

A read model's shape, not a rule: HR's API builds it from HR's own records and the audit
replay from the log, each with its own fold, and both lay the posts out with this one
function so the two answers can be compared key for key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from shared.reference import CENTRAL_TEAMS, DEPARTMENTS


@dataclass(frozen=True, slots=True, kw_only=True)
class ChartPost:
    """One post on the chart as at the date."""

    post_number: str
    title: str
    vacant: bool
    department: str
    team: str | None
    reports_to: str | None

    @property
    def unit(self) -> str:
        """Where it sits: its central team once moved, else its department."""
        return self.team or self.department


def org_chart(
    posts: Iterable[ChartPost],
    team_heads: Mapping[str, str],
    as_of: date,
    as_known_on: date | None = None,
) -> dict[str, Any]:
    """Trees per department and per central team. A post heads a tree of its own unit when
    it reports to no post, or to a post elsewhere (its `reports_to` then says where)."""
    by_number = {post.post_number: post for post in posts}
    reports: dict[str, list[str]] = {}
    roots: dict[str, list[str]] = {}
    for number in sorted(by_number):
        post = by_number[number]
        manager = by_number.get(post.reports_to or "")
        if manager is not None and manager.unit == post.unit:
            reports.setdefault(manager.post_number, []).append(number)
        else:
            roots.setdefault(post.unit, []).append(number)
    placed: set[str] = set()

    def node(number: str) -> dict[str, Any]:
        placed.add(number)
        post = by_number[number]
        below = [node(n) for n in reports.get(number, []) if n not in placed]
        return {
            "post_number": number,
            "title": post.title,
            "vacant": post.vacant,
            "reports_to": post.reports_to,
            "reports": below,
        }

    trees = {unit: [node(n) for n in numbers] for unit, numbers in roots.items()}
    # A loop in the data (the rules refuse one) would leave posts unreached: show them anyway.
    for number in sorted(set(by_number) - placed):
        if number not in placed:  # placed since, below an earlier one of the loop
            trees.setdefault(by_number[number].unit, []).append(node(number))
    return {
        "as_of": as_of.isoformat(),
        "as_known_on": as_known_on.isoformat() if as_known_on else None,
        "departments": [
            {"department": code, "name": name, "posts": trees.get(code, [])}
            for code, name in DEPARTMENTS.items()
        ],
        "teams": [
            {"team": code, "name": name, "head": team_heads.get(code), "posts": trees.get(code, [])}
            for code, name in CENTRAL_TEAMS.items()
        ],
        "vacancies": sum(post.vacant for post in by_number.values()),
    }
