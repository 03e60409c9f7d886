"""Bulk writes of post facts and journeys through the database driver's own executemany.

The tracker writes a few thousand rows per batch; SQLAlchemy's per-row parameter processing
cost more than the database itself (see bench/README.md), so these statements are built once
per dialect and given plain tuples. Journeys are upserted (one statement) rather than deleted
and inserted again. Works on SQLite (3.24+) and PostgreSQL: both know `ON CONFLICT ... DO
UPDATE` with `excluded`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Connection

from services.workflow.domain.journey import Journey

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
    if _is_sqlite(connection):  # SQLAlchemy's SQLite Date is ISO text; say so explicitly
        at = _FACT_DATE_POSITION
        rows = [(*row[:at], _iso(row[at]), *row[at + 1 :]) for row in rows]
    sql = _insert_sql("post_events", FACT_COLUMNS, _marker(connection))
    connection.exec_driver_sql(sql, list(rows))


def upsert_journeys(connection: Connection, folded: Sequence[Journey]) -> None:
    """Write these journeys over whatever was stored for their posts, in one executemany."""
    if not folded:
        return
    values = _journey_values(_is_sqlite(connection))
    rows = [values(journey) for journey in folded]
    sql = _upsert_sql("journeys", JOURNEY_COLUMNS, "post_number", _marker(connection))
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


def _is_sqlite(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite"


def _marker(connection: Connection) -> str:
    style = connection.dialect.paramstyle
    if style == "qmark":
        return "?"
    if style in ("format", "pyformat"):
        return "%s"
    raise NotImplementedError(f"bulk writes do not support the {style!r} parameter style")


@cache
def _insert_sql(table: str, columns: tuple[str, ...], marker: str) -> str:
    names = ", ".join(columns)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join(marker for _ in columns)})"


@cache
def _upsert_sql(table: str, columns: tuple[str, ...], key: str, marker: str) -> str:
    updates = ", ".join(f"{name} = excluded.{name}" for name in columns if name != key)
    return f"{_insert_sql(table, columns, marker)} ON CONFLICT ({key}) DO UPDATE SET {updates}"
