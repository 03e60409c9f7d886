"""Read-side queries on HR's tables: views of posts, and which posts a filter names.

Views carry employee references only, never names or contact details.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, exists, func, select

from services.hr.adapters.repository import TRANSFERS_WITH_LINES, transfer_from
from services.hr.adapters.scheduled_changes import pending_changes_of
from services.hr.adapters.tables import posts, reporting_lines, transfers
from services.hr.domain.transfer import LIVE_STAGES, Stage, Transfer
from shared.chunks import chunks

NOT_YET_MOVED = "in_department"
# A post's row with the post it reports to (kept in a table of its own).
_POSTS_WITH_LINES = select(posts, reporting_lines.c.reports_to).outerjoin(
    reporting_lines, reporting_lines.c.post_number == posts.c.post_number
)


def post_stage(transfers_of_post: list[Transfer]) -> str:
    """Where a post is: its live (else latest) transfer's stage, or still in its department."""
    live = [t for t in transfers_of_post if t.is_live]
    current = live[-1] if live else (transfers_of_post[-1] if transfers_of_post else None)
    return current.stage.value if current is not None else NOT_YET_MOVED


def post_view(connection: Connection, post_number: str) -> dict[str, Any] | None:
    """A post with every transfer it has had, or None."""
    query = _POSTS_WITH_LINES.where(posts.c.post_number == post_number)
    row = connection.execute(query).mappings()
    found = row.first()
    if found is None:
        return None
    history = _transfers_of(connection, [post_number]).get(post_number, [])
    return {
        **dict(found),
        "stage": post_stage(history),
        "transfers": [_transfer_view(t) for t in history],
        "pending_changes": pending_changes_of(connection, post_number),
    }


def list_posts(
    connection: Connection,
    department: str | None = None,
    function: str | None = None,
    stage: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Posts matching the filters, in post-number order, each with its current transfer."""
    query = _POSTS_WITH_LINES.order_by(posts.c.post_number).limit(limit).offset(offset)
    if department:
        query = query.where(posts.c.department == department)
    if function:
        query = query.where(posts.c.function == function)
    if stage == NOT_YET_MOVED:
        query = query.where(~exists().where(transfers.c.post_number == posts.c.post_number))
    elif stage:
        query = query.where(
            exists().where(
                transfers.c.post_number == posts.c.post_number, transfers.c.stage == stage
            )
        )
    rows = [dict(row) for row in connection.execute(query).mappings()]
    history = _transfers_of(connection, [row["post_number"] for row in rows])
    views = []
    for row in rows:
        transfers_of_post = history.get(row["post_number"], [])
        current = transfers_of_post[-1] if transfers_of_post else None
        views.append(
            {
                **row,
                "stage": post_stage(transfers_of_post),
                "transfer": _transfer_view(current) if current is not None else None,
            }
        )
    return views


def post_numbers_matching(connection: Connection, department: str, function: str) -> list[str]:
    """Every post number of one function in one department."""
    query = (
        select(posts.c.post_number)
        .where(posts.c.department == department, posts.c.function == function)
        .order_by(posts.c.post_number)
    )
    return list(connection.scalars(query))


def annual_cost_of(connection: Connection, post_numbers: list[str]) -> int:
    """What the named posts cost a year together (posts not in the register cost nothing)."""
    total = 0
    for part in chunks(sorted(set(post_numbers)), 500):
        query = select(func.sum(posts.c.annual_cost)).where(posts.c.post_number.in_(part))
        total += int(connection.scalar(query) or 0)
    return total


def due_post_numbers(connection: Connection, today: date) -> list[str]:
    """Posts whose approved transfer's effective date has come."""
    query = (
        select(transfers.c.post_number)
        .where(transfers.c.stage == Stage.APPROVED.value, transfers.c.effective_date <= today)
        .order_by(transfers.c.effective_date, transfers.c.post_number)
    )
    return list(connection.scalars(query))


def has_posts(connection: Connection) -> bool:
    return connection.execute(select(posts.c.post_number).limit(1)).first() is not None


def _transfers_of(connection: Connection, post_numbers: list[str]) -> dict[str, list[Transfer]]:
    found: dict[str, list[Transfer]] = {}
    for part in chunks(post_numbers):
        query = TRANSFERS_WITH_LINES.where(transfers.c.post_number.in_(part)).order_by(
            transfers.c.post_number, transfers.c.position
        )
        for row in connection.execute(query).mappings():
            found.setdefault(row["post_number"], []).append(transfer_from(row))
    return found


def _transfer_view(transfer: Transfer) -> dict[str, Any]:
    view = {name: getattr(transfer, name) for name in transfer.__dataclass_fields__}
    view["live"] = transfer.stage in LIVE_STAGES
    return view


def post_numbers_selected(
    connection: Connection, department: str | None, function: str | None
) -> list[str]:
    """Posts not yet central in a department, a function (across departments), or both."""
    query = select(posts.c.post_number).where(posts.c.team.is_(None)).order_by(posts.c.post_number)
    if department is not None:
        query = query.where(posts.c.department == department)
    if function is not None:
        query = query.where(posts.c.function == function)
    return list(connection.scalars(query))
