"""FTE released by delivered candidates: what they recorded (`FteReleased`, from a post or
their team) and the FTE of the posts they disestablished, one set of figures for the
benefits register, `/savings` and the golden thread."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select

from services.workflow.adapters.tables import fte_releases, post_endings
from services.workflow.domain.savings import financial_year_of

Row = dict[str, Any]


def releases(connection: Connection, candidate_id: str | None = None) -> list[Row]:
    """Every FTE released, recorded or by a disestablished post, oldest first: candidate,
    team, post (None: the team as a whole), FTE, day, financial year and how."""
    table, ended = fte_releases.c, post_endings.c
    recorded = select(fte_releases).order_by(table.candidate_id, table.sequence)
    gone = select(post_endings).where(ended.disestablished_on.is_not(None))
    if candidate_id is not None:
        recorded = recorded.where(table.candidate_id == candidate_id)
        gone = gone.where(ended.candidate_id == candidate_id)
    found = [
        {"candidate_id": r["candidate_id"], "team": r["team"], "post_number": r["post_number"],
         "fte": r["fte"], "released_on": r["released_on"], "financial_year": r["financial_year"],
         "how": "recorded", "note": r["note"]}
        for r in connection.execute(recorded).mappings()
    ]  # fmt: skip
    found += [
        {"candidate_id": r["candidate_id"], "team": r["team"], "post_number": r["post_number"],
         "fte": r["fte"], "released_on": r["disestablished_on"],
         "financial_year": financial_year_of(r["disestablished_on"]), "how": "disestablished",
         "note": ""}
        for r in connection.execute(gone).mappings()
    ]  # fmt: skip
    return sorted(found, key=lambda r: (r["released_on"], r["candidate_id"], r["how"]))


def fte_by(rows: Iterable[Row], key: str) -> dict[Any, float]:
    """FTE released summed by a field of the rows (team, financial year, post...)."""
    totals: dict[Any, float] = {}
    for row in rows:
        totals[row[key]] = round(totals.get(row[key], 0.0) + row["fte"], 2)
    return totals
