"""What departments said they need from a central team, as recorded when its process's
review started: one row per need, replaced when a later review restates them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, insert, select

from services.workflow.adapters.tables import process_support_needs, processes
from shared.chunks import chunks
from shared.events import redesign


def save_support_needs(
    connection: Connection, needs: dict[str, list[redesign.SupportNeed]]
) -> None:
    """Replace the needs of each process in `needs` by the ones its latest review recorded."""
    table = process_support_needs
    for part in chunks(sorted(needs)):
        connection.execute(delete(table).where(table.c.process_id.in_(part)))
    rows = [
        {"process_id": pid, "position": n, "department": need.department, "need": need.need}
        for pid, listed in sorted(needs.items())
        for n, need in enumerate(listed)
    ]
    if rows:
        connection.execute(insert(table), rows)


def support_needs_by_department(
    connection: Connection, department: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Each department's needs, with the process and team each was said to."""
    table = process_support_needs
    query = (
        select(table.c.department, table.c.need, table.c.process_id, processes.c.team)
        .join_from(table, processes, table.c.process_id == processes.c.process_id)
        .order_by(table.c.department, table.c.process_id, table.c.position)
    )
    if department:
        query = query.where(table.c.department == department)
    found: dict[str, list[dict[str, Any]]] = {}
    for row in connection.execute(query).mappings():
        entry = {"process_id": row["process_id"], "team": row["team"], "need": row["need"]}
        found.setdefault(row["department"], []).append(entry)
    return found
