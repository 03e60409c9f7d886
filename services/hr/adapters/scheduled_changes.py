"""Future-dated post changes in HR's database: pending until applied on their date."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, insert, select, update

from services.hr.adapters.tables import scheduled_post_changes as table
from services.hr.domain.scheduled_change import ScheduledChange


class ScheduledChangeRepository:
    """Pending changes, in one transaction."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, change: ScheduledChange) -> None:
        self._connection.execute(
            insert(table).values(
                change_id=change.change_id,
                post_number=change.post_number,
                effective_date=change.effective_date,
                changes=change.changes,
                reason=change.reason,
                applied=False,
            )
        )

    def due(self, post_number: str, today: date) -> list[ScheduledChange]:
        """The post's pending changes dated today or before, oldest date first."""
        query = pending().where(table.c.post_number == post_number, table.c.effective_date <= today)
        return [_change(row) for row in self._connection.execute(query).mappings()]

    def mark_applied(self, change_id: str) -> None:
        self._connection.execute(
            update(table).where(table.c.change_id == change_id).values(applied=True)
        )


def pending() -> Any:
    """Every pending change, by date then in the order recorded."""
    return (
        select(table)
        .where(table.c.applied.is_(False))
        .order_by(table.c.effective_date, table.c.change_id)
    )


def pending_changes_of(connection: Connection, post_number: str) -> list[dict[str, Any]]:
    """The post's pending changes, for its view."""
    query = pending().where(table.c.post_number == post_number)
    return [
        {
            "change_id": row["change_id"],
            "effective_date": row["effective_date"].isoformat(),
            "changes": row["changes"],
            "reason": row["reason"],
        }
        for row in connection.execute(query).mappings()
    ]


def posts_with_changes_due(connection: Connection, today: date) -> list[str]:
    """Post numbers with a pending change dated today or before."""
    query = (
        select(table.c.post_number)
        .where(table.c.applied.is_(False), table.c.effective_date <= today)
        .group_by(table.c.post_number)
        .order_by(table.c.post_number)
    )
    return list(connection.scalars(query))


def _change(row: Any) -> ScheduledChange:
    return ScheduledChange(
        change_id=row["change_id"],
        post_number=row["post_number"],
        effective_date=row["effective_date"],
        changes=dict(row["changes"]),
        reason=row["reason"],
    )
