"""The establishment changes payroll needs, read from HR's own record of events: for each
post, what changed (cost centre, reporting line, FTE, the post ending) and from which date.

Pure: the same events give the same rows, whether they are read from HR's outbox (the API)
or from the `hr.posts` topic (an auditor's rebuild). Events of one post are folded in their
stream order; rows are sorted by effective date, post and sequence, so the order across
posts (which Kafka partitions do not keep) cannot change the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from shared.events import hr
from shared.export_periods import Period
from shared.reference import central_cost_centre


@dataclass(frozen=True, slots=True, kw_only=True)
class EstablishmentChange:
    """One row of the payroll export."""

    post_number: str
    title: str
    change: str  # moved | move rescinded | cost centre | reporting line | FTE | post ended
    old_cost_centre: str
    new_cost_centre: str
    old_reports_to: str
    new_reports_to: str
    effective_date: date
    fte: float
    sequence: int  # the event's place in the post's stream: a stable order within a day


@dataclass(frozen=True, slots=True, kw_only=True)
class _Post:
    title: str
    function: str
    cost_centre: str
    reports_to: str
    fte: float
    home_cost_centre: str  # the department's, which a rescinded move goes back to


def establishment_changes(
    documents: Iterable[Mapping[str, Any]], period: Period
) -> list[EstablishmentChange]:
    """The rows effective in the period, from every event HR recorded on its post topic."""
    posts: dict[str, _Post] = {}
    rows: list[EstablishmentChange] = []
    for document in sorted(documents, key=lambda d: (d["aggregate_id"], d["sequence"])):
        number = str(document["aggregate_id"])
        before = posts.get(number)
        after, row = _apply(before, document)
        if after is not None:
            posts[number] = after
        if row is not None and row.effective_date in period:
            rows.append(row)
    return sorted(rows, key=lambda r: (r.effective_date, r.post_number, r.sequence))


def _apply(
    post: _Post | None, document: Mapping[str, Any]
) -> tuple[_Post | None, EstablishmentChange | None]:
    kind, p = document["event_type"], document["payload"]
    if kind == hr.PostRegistered.EVENT_TYPE:
        facts = {"title": p["title"], "function": p["function"], "fte": float(p["fte"]),
                 "reports_to": p.get("reports_to") or ""}  # fmt: skip
        centre = p["cost_centre"]
        return _Post(**facts, cost_centre=centre, home_cost_centre=centre), None
    if post is None:
        return None, None  # a post's first event is its registration; nothing to fold onto
    on = _effective(document)
    if kind == hr.TransferEffective.EVENT_TYPE:
        moved = replace(post, cost_centre=central_cost_centre(post.function),
                        reports_to=p.get("reports_to") or "", fte=float(p["fte"]),
                        home_cost_centre=p["cost_centre"])  # fmt: skip
        return moved, _row(document, post, moved, "moved", date.fromisoformat(p["effective_date"]))
    if kind == hr.TransferRescinded.EVENT_TYPE:
        back = replace(post, cost_centre=post.home_cost_centre,
                       reports_to=p.get("reports_to") or "")  # fmt: skip
        return back, _row(
            document, post, back, "move rescinded", date.fromisoformat(p["effective_date"])
        )
    if kind == hr.ReportingLineChanged.EVENT_TYPE:
        lined = replace(post, reports_to=p.get("reports_to") or "")
        return lined, _row(document, post, lined, "reporting line", on)
    if kind == hr.PostUpdated.EVENT_TYPE:
        return _updated(document, post, p, on)
    if kind == hr.PostDisestablished.EVENT_TYPE:
        ended = replace(post, cost_centre="", reports_to="", fte=0.0)
        return ended, _row(
            document, post, ended, "post ended", date.fromisoformat(p["effective_date"])
        )
    return post, None


def _updated(
    document: Mapping[str, Any], post: _Post, p: Mapping[str, Any], on: date
) -> tuple[_Post, EstablishmentChange | None]:
    cost_centre = p.get("cost_centre") or post.cost_centre
    changed = replace(
        post,
        title=p.get("title") or post.title,
        cost_centre=cost_centre,
        fte=float(p["fte"]) if p.get("fte") is not None else post.fte,
        # A cost centre changed before any move is the department's new home line.
        home_cost_centre=cost_centre
        if post.cost_centre == post.home_cost_centre
        else post.home_cost_centre,
    )
    if changed.cost_centre != post.cost_centre:
        return changed, _row(document, post, changed, "cost centre", on)
    if changed.fte != post.fte:
        return changed, _row(document, post, changed, "FTE", on)
    return changed, None  # a title, grade or cost that payroll takes from elsewhere


def _effective(document: Mapping[str, Any]) -> date:
    if document.get("effective_date"):
        return date.fromisoformat(str(document["effective_date"])[:10])
    return date.fromisoformat(str(document["occurred_at"])[:10])


def _row(
    document: Mapping[str, Any], before: _Post, after: _Post, change: str, on: date
) -> EstablishmentChange:
    return EstablishmentChange(
        post_number=str(document["aggregate_id"]),
        title=after.title,
        change=change,
        old_cost_centre=before.cost_centre,
        new_cost_centre=after.cost_centre,
        old_reports_to=before.reports_to,
        new_reports_to=after.reports_to,
        effective_date=on,
        fte=after.fte if change != "post ended" else before.fte,
        sequence=int(document["sequence"]),
    )
