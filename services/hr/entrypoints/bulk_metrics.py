"""HR's own gauge on `/metrics`: bulk runs working now (an alert when one runs for hours)."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from services.hr.adapters.tables import bulk_runs
from shared.metrics.endpoint import TableGauge


def _running(connection: Connection) -> float:
    query = select(func.count()).where(bulk_runs.c.status == "running")
    return float(connection.execute(query).scalar_one())


BULK_RUNS_IN_PROGRESS = TableGauge(
    name="onecouncil_bulk_runs_in_progress",
    help="Bulk runs started and not yet finished or interrupted.",
    read=_running,
)
