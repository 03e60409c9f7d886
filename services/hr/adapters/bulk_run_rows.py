"""What a bulk run's rows did, and the values of their own they carried (a date, a line
manager, a reason): stored with the run, so that resuming it, or rerunning the rows that
failed, runs each row with its values again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, insert, select

from services.hr.adapters.tables import bulk_run_rows, bulk_run_values
from services.hr.application.bulk import RowResult, RowValues

Values = list[RowValues | None]


def keep_rows(connection: Connection, run_id: str, results: list[tuple[int, RowResult]]) -> None:
    """Store rows' results of the run, on the connection of the transaction that did them."""
    if results:
        connection.execute(
            insert(bulk_run_rows),
            [
                {
                    "run_id": run_id,
                    "position": position,
                    "post_number": r.post_number,
                    "outcome": r.outcome,
                    "reason": r.reason,
                    "transfer_id": r.transfer_id,
                }
                for position, r in results
            ],
        )


def keep_values(connection: Connection, run_id: str, values: Sequence[RowValues | None]) -> None:
    rows = [_as_json(own) for own in values]
    connection.execute(insert(bulk_run_values).values(run_id=run_id, rows=rows))


def values_of(connection: Connection, run_id: str) -> Values | None:
    """The run's rows' values by position, or None when its rows had none of their own."""
    stored = connection.scalar(
        select(bulk_run_values.c.rows).where(bulk_run_values.c.run_id == run_id)
    )
    return None if stored is None else [_from_json(row) for row in stored]


def _as_json(own: RowValues | None) -> dict[str, Any] | None:
    if own is None:
        return None
    when = own.effective_date
    return {
        "effective_date": when.isoformat() if when else None,
        "reports_to": own.reports_to,
        "reason": own.reason,
    }


def _from_json(row: dict[str, Any] | None) -> RowValues | None:
    if row is None:
        return None
    when = row.get("effective_date")
    return RowValues(
        effective_date=date.fromisoformat(when) if when else None,
        reports_to=row.get("reports_to"),
        reason=row.get("reason", ""),
    )
