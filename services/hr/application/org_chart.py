"""The org chart as of a date, from the post history HR recorded (its events, in order).

HR's tables hold each post as it is now; the history holds when each line, head and move
took effect, so any date's chart can be answered. The rules match the audit's
(docs/audit-checks.md): a fact counts once recorded by the date; a move or a line counts
from its effective date, and the latest-dated line in force wins. A corrected event is read
as if it had said the corrected values, whenever the correction was recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from shared.events.stages import STAGE_AFTER
from shared.org_chart import ChartPost, org_chart

Document = Mapping[str, Any]


@dataclass(kw_only=True)
class PostAsOf:
    """One post as at the date: its place on the chart, its details, its latest transfer."""

    post: ChartPost
    since: date = date.min  # when its line took effect: a later-dated line wins
    details: dict[str, Any] = field(default_factory=dict)
    transfer: dict[str, Any] | None = None


_STAGE_AFTER = {kind.EVENT_TYPE: stage.value for kind, stage in STAGE_AFTER.items()}
DETAILS = ("grade", "fte", "function", "cost_centre", "annual_cost")


def chart_as_of(
    history: Iterable[Document], as_of: date, as_known_on: date | None = None
) -> dict[str, Any]:
    """Fold HR's post events (envelope documents, in recorded order) into the chart; with
    `as_known_on`, only those recorded by the end of that day (what HR knew then)."""
    lines, heads = fold_posts(history, as_of, as_known_on)
    return org_chart([line.post for line in lines.values()], heads, as_of, as_known_on)


def fold_posts(
    history: Iterable[Document], as_of: date, as_known_on: date | None = None
) -> tuple[dict[str, PostAsOf], dict[str, str]]:
    """Each post as at `as_of` as known on `as_known_on` (None: now), and the teams' heads."""
    lines: dict[str, PostAsOf] = {}
    heads: dict[str, str] = {}
    for document in as_corrected(known_on(history, as_known_on)):
        if datetime.fromisoformat(document["occurred_at"]).date() > as_of:
            continue
        kind, fields = document["event_type"], document["payload"]
        dated = fields.get("effective_date") or document.get("effective_date")
        effective = date.fromisoformat(dated) if dated else date.min
        line = lines.get(fields["post_number"])
        if kind == "PostRegistered":
            line = lines[fields["post_number"]] = PostAsOf(post=_registered(fields))
            line.details = {name: fields[name] for name in DETAILS}
        elif line is None:
            continue
        elif kind == "PostUpdated":  # details count once recorded, as the audit counts them
            line.post = _updated(line.post, fields)
            line.details |= {k: fields[k] for k in DETAILS if fields.get(k) is not None}
        elif kind == "TeamHeadNamed" and effective <= as_of:
            heads[fields["team"]] = fields["post_number"]
        elif kind == "TransferEffective" and effective <= as_of:
            line.post = replace(line.post, team=fields["target_team"])
        elif kind == "TransferRescinded":  # counts once recorded: the move is undone
            line.post = replace(line.post, team=None, reports_to=fields.get("reports_to"))
            line.since = effective
        if kind in _MOVES_A_LINE and "reports_to" in fields and line is not None:
            _move_line(line, fields["reports_to"], effective, as_of)
        if kind in _STAGE_AFTER and line is not None:
            _transfer_step(line, kind, fields)
    return lines, heads


def _transfer_step(line: PostAsOf, kind: str, fields: Document) -> None:
    if kind == "TransferProposed":
        line.transfer = {"transfer_id": fields["transfer_id"], "target_team": fields["target_team"]}
    if line.transfer is not None and line.transfer["transfer_id"] == fields["transfer_id"]:
        line.transfer["stage"] = _STAGE_AFTER[kind]


def known_on(history: Iterable[Document], day: date | None) -> Iterable[Document]:
    """The events recorded by the end of `day` (UTC), or all of them."""
    if day is None:
        return history
    known = day.isoformat()
    return (document for document in history if document["recorded_at"][:10] <= known)


def as_corrected(history: Iterable[Document]) -> list[Document]:
    """The history with each corrected event reading as if it had said the new values."""
    documents = list(history)
    fixes: dict[str, dict[str, Any]] = {}
    for document in documents:
        if document["event_type"] == "PostFactCorrected":
            fields = document["payload"]
            fixed = fixes.setdefault(fields["corrects_event_id"], {})
            fixed.update({c["field"]: c["new"] for c in fields["corrections"]})
    return [_corrected(document, fixes.get(document["event_id"])) for document in documents]


def _corrected(document: Document, fixed: dict[str, Any] | None) -> Document:
    if not fixed:
        return document
    payload = {k: v for k, v in fixed.items() if k != "effective_date"}
    dated = {"effective_date": fixed["effective_date"]} if "effective_date" in fixed else {}
    return {**document, **dated, "payload": {**document["payload"], **payload}}


_MOVES_A_LINE = frozenset({"TransferEffective", "ReportingLineChanged"})


def _move_line(line: PostAsOf, reports_to: str | None, effective: date, as_of: date) -> None:
    """The latest-dated line in force by the date wins (on one date, the later recorded)."""
    if line.since <= effective <= as_of:
        line.post, line.since = replace(line.post, reports_to=reports_to), effective


def _registered(fields: Document) -> ChartPost:
    return ChartPost(
        post_number=fields["post_number"],
        title=fields["title"],
        vacant=fields.get("employee_ref") is None,
        department=fields["department"],
        team=fields.get("team"),
        reports_to=fields.get("reports_to"),
    )


def _updated(post: ChartPost, fields: Document) -> ChartPost:
    vacant = True if fields.get("vacant") else (False if fields.get("employee_ref") else None)
    return replace(
        post,
        title=fields.get("title") or post.title,
        vacant=post.vacant if vacant is None else vacant,
    )
