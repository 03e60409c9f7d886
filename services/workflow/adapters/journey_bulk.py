"""Bulk writes of post facts and journeys through the database driver's own executemany
(`shared/persistence/driver_sql.py`: the tracker writes a few thousand rows per batch).
Journeys are upserted (one statement) rather than deleted and inserted again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Connection

from services.workflow.domain.journey import Journey
from shared.persistence.driver_sql import insert_rows, is_sqlite, marker, upsert_sql

FACT_COLUMNS = (
    "post_number",
    "stream",
    "sequence",
    "event_id",
    "event_type",
    "transfer_id",
    "occurred_at",
    "recorded_at",
    "effective_date",
    "actor_id",
    "actor_role",
    "summary",
    "payload",
)
FactRow = tuple[Any, ...]  # values in FACT_COLUMNS order

JOURNEY_COLUMNS = tuple(Journey.__dataclass_fields__)
_JOURNEY_DATES = frozenset(
    {
        "stage_since",
        "proposed_on",
        "effective_date",
        "consultation_opened_on",
        "consultation_closes_by",
        "moved_on",
    }
)
_FACT_DATE_POSITION = FACT_COLUMNS.index("effective_date")


def insert_fact_rows(connection: Connection, rows: Sequence[FactRow]) -> None:
    """Insert new `post_events` rows (tuples in FACT_COLUMNS order) in one executemany."""
    if not rows:
        return
    if is_sqlite(connection):  # SQLAlchemy's SQLite Date is ISO text; say so explicitly
        at = _FACT_DATE_POSITION
        rows = [(*row[:at], _iso(row[at]), *row[at + 1 :]) for row in rows]
    insert_rows(connection, "post_events", FACT_COLUMNS, rows)


def upsert_journeys(connection: Connection, folded: Sequence[Journey]) -> None:
    """Write these journeys over whatever was stored for their posts, in one executemany."""
    if not folded:
        return
    values = _journey_values(is_sqlite(connection))
    rows = [values(journey) for journey in folded]
    sql = upsert_sql("journeys", JOURNEY_COLUMNS, "post_number", marker(connection))
    connection.exec_driver_sql(sql, rows)


@cache
def _journey_values(sqlite: bool) -> Callable[[Journey], tuple[Any, ...]]:
    getters = [
        (lambda j, n=name: _iso(getattr(j, n)))
        if sqlite and name in _JOURNEY_DATES
        else (lambda j, n=name: getattr(j, n))
        for name in JOURNEY_COLUMNS
    ]
    return lambda journey: tuple(get(journey) for get in getters)


def _iso(value: date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, date) else value
