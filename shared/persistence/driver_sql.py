"""Many rows in one statement through the database driver's own `executemany`.

Hot consumers (the Workflow tracker, the feed, every consumer's inbox) write thousands of rows
a batch; SQLAlchemy's per-row parameter processing cost more than the database itself (see
bench/README.md). These statements are built once per table and driver, and take plain
tuples. Works on SQLite (3.24+) and PostgreSQL: both know `ON CONFLICT`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection

from shared.chunks import chunks


def insert_rows(
    connection: Connection,
    table: str,
    columns: tuple[str, ...],
    rows: Sequence[tuple[Any, ...]],
    on_conflict: str = "",
) -> None:
    """`INSERT INTO table (columns) VALUES ...` once per row, in list order, plus an optional
    `ON CONFLICT ...` clause."""
    if rows:
        sql = insert_sql(table, columns, marker(connection)) + on_conflict
        connection.exec_driver_sql(sql, list(rows))


def matching(
    connection: Connection,
    table: str,
    column: str,
    values: Sequence[str],
    where: tuple[str, Any],
    chunk: int = 500,
) -> set[str]:
    """Which `values` the table's `column` holds, in rows where the `where` column has that
    value: `SELECT column FROM table WHERE where = ? AND column IN (...)`, a chunk at a time.

    (SQLAlchemy's `in_` coerces and names every value of a long list, each time.)"""
    found: set[str] = set()
    mark = marker(connection)
    for part in chunks(values, chunk):
        sql = (
            f"SELECT {column} FROM {table} WHERE {where[0]} = {mark}"
            f" AND {column} IN ({', '.join([mark] * len(part))})"
        )
        found.update(row[0] for row in connection.exec_driver_sql(sql, (where[1], *part)))
    return found


def is_sqlite(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite"


def marker(connection: Connection) -> str:
    """The driver's parameter marker."""
    style = connection.dialect.paramstyle
    if style == "qmark":
        return "?"
    if style in ("format", "pyformat"):
        return "%s"
    raise NotImplementedError(f"bulk writes do not support the {style!r} parameter style")


def timestamp(connection: Connection, moment: datetime) -> Any:
    """A `DateTime` column's value as the driver takes it: SQLite stores the text SQLAlchemy
    would have written (it reads it back the same way); PostgreSQL takes the datetime."""
    if is_sqlite(connection):
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f")
    return moment


@cache
def insert_sql(table: str, columns: tuple[str, ...], marker: str) -> str:
    names = ", ".join(columns)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join(marker for _ in columns)})"


@cache
def upsert_sql(table: str, columns: tuple[str, ...], key: str, marker: str) -> str:
    """Insert, or overwrite every other column of the row with the same `key`."""
    updates = ", ".join(f"{name} = excluded.{name}" for name in columns if name != key)
    return f"{insert_sql(table, columns, marker)} ON CONFLICT ({key}) DO UPDATE SET {updates}"
