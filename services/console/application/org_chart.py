"""The org chart as the console lays it out: one section per department and central team,
with its posts and vacancies counted, and where each line that leaves a unit goes.

HR's `GET /org-chart` gives the trees; this only counts and names, so the page shows HR's
answer as it is."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Node = Mapping[str, Any]


@dataclass(frozen=True, kw_only=True)
class Unit:
    """A department or central team on the chart: its trees and what they hold."""

    anchor: str
    name: str
    kind: str  # "department" or "team"
    head: str | None
    posts: list[Node]
    count: int
    vacant: int


def units_of(chart: Mapping[str, Any]) -> list[Unit]:
    """Departments first, then central teams, in HR's order."""
    departments = [
        _unit(f"department-{d['department']}", d["name"], "department", None, d["posts"])
        for d in chart["departments"]
    ]
    teams = [
        _unit(f"team-{t['team']}", t["name"], "team", t.get("head"), t["posts"])
        for t in chart["teams"]
    ]
    return departments + teams


def where_posts_sit(units: Iterable[Unit]) -> dict[str, str]:
    """Each post's unit name, so a line to a post elsewhere can say where that post is."""
    return {node["post_number"]: unit.name for unit in units for node in _every(unit.posts)}


def _unit(anchor: str, name: str, kind: str, head: str | None, posts: list[Node]) -> Unit:
    every = list(_every(posts))
    vacant = sum(1 for node in every if node["vacant"])
    return Unit(
        anchor=anchor, name=name, kind=kind, head=head, posts=posts, count=len(every), vacant=vacant
    )


def _every(posts: Iterable[Node]) -> Iterable[Node]:
    for node in posts:
        yield node
        yield from _every(node["reports"])
