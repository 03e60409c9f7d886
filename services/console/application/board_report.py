"""The board report as people read it: the tables Workflow answers, with words for their
columns, the charts beside them, and CSV of every table."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from services.console.application.board_charts import Series, bars_svg

# Each table: its heading, and words for its columns (the CSV keeps the API's names).
HEADINGS: dict[str, str] = {
    "headline": "Headline progress",
    "waves": "Planned against actual, by wave",
    "savings": "Savings against targets, by team and year",
    "risks": "Risks: slipped milestones",
    "decisions": "Decisions taken in the period",
    "trend": "Posts moved, week by week",
}
WORDS: dict[str, str] = {
    "plan_version": "Plan version", "owner_role": "Owner", "posts": "Posts",
    "posts_due_to_have_moved": "Due to have moved", "posts_moved": "Moved",
    "consultation_planned": "Consultation planned", "approval_planned": "Approval planned",
    "effective_planned": "Effective planned", "target_saving": "Target saving (£ a year)",
    "financial_year": "Financial year", "gap": "Gap (target − realised)",
    "planned_on": "Planned on", "posts_reached": "Posts there", "posts_in_wave": "Posts in wave",
    "decided_on": "Decided on", "decision_maker": "Decision by",
    "posts_approved": "Posts approved", "week_ending": "Week ending",
}  # fmt: skip


def column_words(name: str) -> str:
    """A column's heading in words."""
    return WORDS.get(name, name.replace("_", " ").capitalize())


def table_csv(table: Mapping[str, Any]) -> str:
    """One table as CSV: the API's column names, then its rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table["headers"])
    writer.writerows(table["rows"])
    return out.getvalue()


def charts(tables: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """The SVG chart of each table that has one (waves, savings, trend)."""
    waves, savings, trend = tables["waves"]["rows"], tables["savings"]["rows"], tables["trend"]
    found = {
        "waves": bars_svg(
            "waves-chart",
            "Posts due to have moved and posts moved, by wave; the table below has the figures",
            [f"{row[0]} {row[1]}" for row in waves],
            [Series(name="Due to have moved", values=[r[6] for r in waves], css="app-bar--due"),
             Series(name="Moved", values=[r[7] for r in waves], css="app-bar--done")],
        ),
        "savings": bars_svg(
            "savings-chart",
            "Savings target and realised, by team and year; the table below has the figures",
            [f"{row[0]} {row[1]}" for row in savings],
            [Series(name="Target", values=[r[2] for r in savings], css="app-bar--due"),
             Series(name="Realised", values=[r[3] for r in savings], css="app-bar--done")],
        ),
        "trend": bars_svg(
            "trend-chart",
            "Posts due and moved at the end of each of the last eight weeks; the table has all 26",
            [row[0] for row in trend["rows"][-8:]],
            [Series(name="Due to have moved", values=[r[1] for r in trend["rows"][-8:]],
                    css="app-bar--due"),
             Series(name="Moved", values=[r[2] for r in trend["rows"][-8:]],
                    css="app-bar--done")],
        ),
    }  # fmt: skip
    return {name: svg for name, svg in found.items() if tables[name]["rows"]}
