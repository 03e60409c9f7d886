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
    "wave_savings": "Savings by wave: target against realised this financial year",
    "savings": "Savings against targets, by team and year",
    "risks": "Risks",
    "stalls": "Risks: transfers stalled",
    "slipped": "Risks: milestones slipped",
    "consultations": "Risks: consultations at risk",
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
    "target": "Target (£)", "realised": "Realised (£)", "days_in_stage": "Days in stage",
    "limit_days": "Limit (days)", "planned_close": "Planned close",
    "days_to_close": "Days to close", "questions_unanswered": "Questions unanswered",
    "transfers_stalled": "Transfers stalled", "milestones_slipped": "Milestones slipped",
    "consultations_at_risk": "Consultations at risk",
}  # fmt: skip
# Tables whose first column holds a measure's name (shown in words).
NAMED_ROWS = frozenset({"headline", "risks"})


def report_title(as_of: object) -> str:
    """The report's title, as its files carry it."""
    return f"Programme report to Cabinet, as of {as_of}"


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


# Each chart: the table it draws, its title, which columns label a row, and its two series
# (name, column). The trend shows its last eight weeks; its table has all of them.
CHARTS: dict[str, tuple[str, tuple[int, ...], tuple[tuple[str, int], tuple[str, int]]]] = {
    "waves": (
        "Posts due to have moved and posts moved, by wave; the table below has the figures",
        (0, 1), (("Due to have moved", 6), ("Moved", 7)),
    ),
    "wave_savings": (
        "Target saving and savings realised, by wave; the table below has the figures",
        (0,), (("Target", 3), ("Realised", 4)),
    ),
    "savings": (
        "Savings target and realised, by team and year; the table below has the figures",
        (0, 1), (("Target", 2), ("Realised", 3)),
    ),
    "trend": (
        "Posts due and moved at the end of each of the last eight weeks; the table has all 26",
        (0,), (("Due to have moved", 1), ("Moved", 2)),
    ),
}  # fmt: skip
TREND_SHOWN = 8


def charts(tables: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """The SVG chart of each table that has one and has rows."""
    found: dict[str, str] = {}
    for name, (title, label_columns, series) in CHARTS.items():
        rows = tables[name]["rows"][-TREND_SHOWN:] if name == "trend" else tables[name]["rows"]
        if not rows:
            continue
        labels = [" ".join(str(row[i]) for i in label_columns) for row in rows]
        bars = [
            Series(name=words, values=[row[column] for row in rows], css=css)
            for (words, column), css in zip(series, ("app-bar--due", "app-bar--done"), strict=True)
        ]
        found[name] = bars_svg(f"{name}-chart", title, labels, bars)
    return found
