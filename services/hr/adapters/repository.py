"""Load and save post aggregates (with their transfers) in HR's database."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from sqlalchemy import Connection, and_, bindparam, insert, select, update

from services.hr.adapters.tables import posts, transfers
from services.hr.domain.post import Post
from services.hr.domain.transfer import BudgetCheck, Stage, Transfer

POST_COLUMNS = [f.name for f in fields(Post) if f.name != "transfers"]

# Built once: SQLAlchemy then reuses their compiled form without rebuilding or re-keying
# them per call (half the CPU of a bulk row went there).
_POST = select(posts).where(posts.c.post_number == bindparam("number"))
_POST_FOR_UPDATE = _POST.with_for_update()
_POST_EXISTS = select(posts.c.post_number).where(posts.c.post_number == bindparam("number"))
_TRANSFERS = (
    select(transfers)
    .where(transfers.c.post_number == bindparam("number"))
    .order_by(transfers.c.position)
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

    def get(self, post_number: str) -> Post | None:
        """The post with its transfers, or None."""
        query = _POST_FOR_UPDATE if self._connection.dialect.name == "postgresql" else _POST
        row = self._connection.execute(query, {"number": post_number}).mappings().first()
        if row is None:
            return None
        post = Post(**{name: row[name] for name in POST_COLUMNS})
        rows = self._connection.execute(_TRANSFERS, {"number": post_number}).mappings()
        post.transfers = [transfer_from(row) for row in rows]
        self._loaded[post_number] = (
            _post_row(post),
            [_transfer_row(t, i) for i, t in enumerate(post.transfers)],
        )
        return post

    def exists(self, post_number: str) -> bool:
        return self._connection.execute(_POST_EXISTS, {"number": post_number}).first() is not None

    def add(self, post: Post) -> None:
        """Insert a new post (and any transfers it already has)."""
        self._connection.execute(_INSERT_POST, _post_row(post))
        if post.transfers:
            self._connection.execute(
                _INSERT_TRANSFER, [_transfer_row(t, i) for i, t in enumerate(post.transfers)]
            )
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
            self._connection.execute(_UPDATE_POST, {**after_post, "b_number": post.post_number})
        for position, row in enumerate(after_transfers):
            if position >= len(before_transfers):
                self._connection.execute(_INSERT_TRANSFER, row)
            elif row != before_transfers[position]:
                keys = {"b_number": post.post_number, "b_transfer": row["transfer_id"]}
                self._connection.execute(_UPDATE_TRANSFER, {**row, **keys})
        self._loaded[post.post_number] = (after_post, after_transfers)


def _post_row(post: Post) -> dict[str, Any]:
    return {name: getattr(post, name) for name in POST_COLUMNS}


def _transfer_row(transfer: Transfer, position: int) -> dict[str, Any]:
    row = asdict(transfer)
    row["stage"] = transfer.stage.value
    row["budget_check"] = transfer.budget_check.value
    row["position"] = position
    return row


def transfer_from(row: Any) -> Transfer:
    """A transfer from its table row."""
    values = {f.name: row[f.name] for f in fields(Transfer)}
    values["stage"] = Stage(values["stage"])
    values["budget_check"] = BudgetCheck(values["budget_check"])
    return Transfer(**values)
