"""Jinja filters: money, dates and stages in the words and style GOV.UK pages use."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from jinja2 import Environment

from services.console.application.charts import money, stage_segments, stage_words, widths
from shared.reference import CENTRAL_TEAMS, DEPARTMENTS, SUPPORT_FUNCTIONS


def long_date(value: Any) -> str:
    """'1 April 2027' from a date or an ISO string; '' for nothing."""
    if not value:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return f"{day.day} {day:%B %Y}"


def date_time(value: Any) -> str:
    """'1 April 2027 at 2:05pm' (UTC as recorded)."""
    if not value:
        return ""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    hour = moment.hour % 12 or 12
    return f"{long_date(moment.date())} at {hour}:{moment:%M}{'am' if moment.hour < 12 else 'pm'}"


def number(value: Any) -> str:
    """12,345 or 12.5 — the figure as given, with thousands separators."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,}"
    return f"{int(value):,}"


def install_filters(env: Environment) -> None:
    env.filters.update(
        money=money,
        long_date=long_date,
        date_time=date_time,
        number=number,
        stage=stage_words,
        department=lambda code: DEPARTMENTS.get(code or "", code or ""),
        team=lambda code: CENTRAL_TEAMS.get(code or "", code or ""),
        function=lambda code: SUPPORT_FUNCTIONS.get(code or "", code or ""),
    )
    env.globals.update(
        stage_segments=stage_segments,
        widths=widths,
        DEPARTMENTS=DEPARTMENTS,
        CENTRAL_TEAMS=CENTRAL_TEAMS,
    )
