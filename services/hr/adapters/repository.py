"""Load and save post aggregates (with their transfers) in HR's database."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, insert, select, update

from services.hr.adapters.tables import (
    posts,
    reporting_lines,
    transfer_line_managers,
    transfers,
)
from services.hr.domain.post import Post
from services.hr.domain.transfer import BudgetCheck, Stage, Transfer

# Kept in tables of their own (see tables.py), joined in when a post is loaded.
OWN_TABLE = {"transfers", "reports_to", "line_manager", "reported_to_before"}
LINES = ("line_manager", "reported_to_before")
POST_COLUMNS = [f.name for f in fields(Post) if f.name not in OWN_TABLE]
TRANSFER_COLUMNS = [f.name for f in fields(Transfer) if f.name not in OWN_TABLE]

# Built once: SQLAlchemy then reuses their compiled form without rebuilding or re-keying
# them per call (half the CPU of a bulk row went there).
_POST = (
    select(posts, reporting_lines.c.reports_to)
    .outerjoin(reporting_lines, reporting_lines.c.post_number == posts.c.post_number)
    .where(posts.c.post_number == bindparam("number"))
)
_POST_FOR_UPDATE = _POST.with_for_update(of=posts)
_POST_EXISTS = select(posts.c.post_number).where(posts.c.post_number == bindparam("number"))
# Transfers with the lines kept beside them (see tables.py): for the repository and views.
TRANSFERS_WITH_LINES = select(
    transfers,
    transfer_line_managers.c.line_manager,
    transfer_line_managers.c.reported_to_before,
).outerjoin(transfer_line_managers, transfer_line_managers.c.transfer_id == transfers.c.transfer_id)
_TRANSFERS = TRANSFERS_WITH_LINES.where(transfers.c.post_number == bindparam("number")).order_by(
    transfers.c.position
)
_INSERT_POST = insert(posts)
_INSERT_TRANSFER = insert(transfers)
_UPDATE_POST = update(posts).where(posts.c.post_number == bindparam("b_number"))
_UPDATE_TRANSFER = update(transfers).where(
    and_(
        transfers.c.post_number == bindparam("b_number"),
        transfers.c.transfer_id == bindparam("b_transfer"),
    )
)


class PostRepository:
    """Posts in one transaction; `get` locks the row on PostgreSQL.

    `save` writes only what changed since `get`: a bulk run of thousands of rows should
    not rewrite every transfer a post ever had.
    """

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._loaded: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
        self._first_holders: dict[str, str | None] = {}

    def get(self, post_number: str) -> Post | None:
        """The post with its transfers, or None."""
        query = _POST_FOR_UPDATE if self._connection.dialect.name == "postgresql" else _POST
        row = self._connection.execute(query, {"number": post_number}).mappings().first()
        if row is None:
            return None
        post = Post(**{name: row[name] for name in POST_COLUMNS}, reports_to=row["reports_to"])
        rows = self._connection.execute(_TRANSFERS, {"number": post_number}).mappings()
        post.transfers = [transfer_from(row) for row in rows]
        self._first_holders.setdefault(post_number, post.employee_ref)
        self._loaded[post_number] = (
            _post_row(post),
            [_transfer_row(t, i) for i, t in enumerate(post.transfers)],
        )
        return post

    def holder_when_loaded(self, post_number: str) -> str | None:
        """Who held the post when this transaction first loaded it (None: not loaded, or
        vacant): the person its events are about even once they have left it."""
        return self._first_holders.get(post_number)

    def exists(self, post_number: str) -> bool:
        return self._connection.execute(_POST_EXISTS, {"number": post_number}).first() is not None

    def add(self, post: Post) -> None:
        """Insert a new post (and any transfers it already has)."""
        self._connection.execute(_INSERT_POST, {n: getattr(post, n) for n in POST_COLUMNS})
        if post.reports_to is not None:
            self._save_line(post.post_number, post.reports_to)
        if post.transfers:
            rows = [_transfer_row(t, i) for i, t in enumerate(post.transfers)]
            self._connection.execute(_INSERT_TRANSFER, [_columns(row) for row in rows])
        for transfer in post.transfers:
            self._save_line_manager(transfer)
        self._loaded[post.post_number] = (
            _post_row(post),
            [_transfer_row(t, i) for i, t in enumerate(post.transfers)],
        )

    def save(self, post: Post) -> None:
        """Write back a post loaded with `get` (or added) and changed by the domain."""
        before_post, before_transfers = self._loaded[post.post_number]
        after_post = _post_row(post)
        after_transfers = [_transfer_row(t, i) for i, t in enumerate(post.transfers)]
        if after_post != before_post:
            columns = {name: after_post[name] for name in POST_COLUMNS}
            self._connection.execute(_UPDATE_POST, {**columns, "b_number": post.post_number})
            if after_post["reports_to"] != before_post["reports_to"]:
                self._save_line(post.post_number, post.reports_to)
        for position, row in enumerate(after_transfers):
            columns = _columns(row)
            before = before_transfers[position] if position < len(before_transfers) else None
            if before is None:
                self._connection.execute(_INSERT_TRANSFER, columns)
            elif row != before:
                keys = {"b_number": post.post_number, "b_transfer": row["transfer_id"]}
                self._connection.execute(_UPDATE_TRANSFER, {**columns, **keys})
            if any(row[name] != (before or {}).get(name) for name in LINES):
                self._save_line_manager(post.transfers[position])
        self._loaded[post.post_number] = (after_post, after_transfers)

    def _save_line(self, post_number: str, reports_to: str | None) -> None:
        self._connection.execute(
            delete(reporting_lines).where(reporting_lines.c.post_number == post_number)
        )
        if reports_to is not None:
            self._connection.execute(
                insert(reporting_lines).values(post_number=post_number, reports_to=reports_to)
            )

    def _save_line_manager(self, transfer: Transfer) -> None:
        table = transfer_line_managers
        self._connection.execute(delete(table).where(table.c.transfer_id == transfer.transfer_id))
        lines = {name: getattr(transfer, name) for name in LINES}
        if any(value is not None for value in lines.values()):
            self._connection.execute(
                insert(table).values(transfer_id=transfer.transfer_id, **lines)
            )

    def line_of(self, post_number: str) -> str | None:
        """The post this post reports to, or None (read without locking)."""
        query = select(reporting_lines.c.reports_to).where(
            reporting_lines.c.post_number == post_number
        )
        found: str | None = self._connection.scalar(query)
        return found


def _post_row(post: Post) -> dict[str, Any]:
    return {name: getattr(post, name) for name in (*POST_COLUMNS, "reports_to")}


def _columns(transfer_row: dict[str, Any]) -> dict[str, Any]:
    return {name: transfer_row[name] for name in (*TRANSFER_COLUMNS, "position")}


def _transfer_row(transfer: Transfer, position: int) -> dict[str, Any]:
    row = asdict(transfer)
    row["stage"] = transfer.stage.value
    row["budget_check"] = transfer.budget_check.value
    row["position"] = position
    return row


def transfer_from(row: Any) -> Transfer:
    """A transfer from its table row."""
    values = {name: row[name] for name in TRANSFER_COLUMNS}
    for name in LINES:
        values[name] = row.get(name)
    values["stage"] = Stage(values["stage"])
    values["budget_check"] = BudgetCheck(values["budget_check"])
    return Transfer(**values)
