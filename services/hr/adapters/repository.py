"""Load and save post aggregates (with their transfers) in HR's database."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from services.hr.adapters.tables import posts, transfers
from services.hr.domain.post import Post
from services.hr.domain.transfer import BudgetCheck, Stage, Transfer

POST_COLUMNS = [f.name for f in fields(Post) if f.name != "transfers"]


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
        query = select(posts).where(posts.c.post_number == post_number)
        if self._connection.dialect.name == "postgresql":
            query = query.with_for_update()
        row = self._connection.execute(query).mappings().first()
        if row is None:
            return None
        post = Post(**{name: row[name] for name in POST_COLUMNS})
        rows = self._connection.execute(
            select(transfers)
            .where(transfers.c.post_number == post_number)
            .order_by(transfers.c.position)
        ).mappings()
        post.transfers = [transfer_from(row) for row in rows]
        self._loaded[post_number] = (
            _post_row(post),
            [_transfer_row(t, i) for i, t in enumerate(post.transfers)],
        )
        return post

    def exists(self, post_number: str) -> bool:
        query = select(posts.c.post_number).where(posts.c.post_number == post_number)
        return self._connection.execute(query).first() is not None

    def add(self, post: Post) -> None:
        """Insert a new post (and any transfers it already has)."""
        self._connection.execute(insert(posts).values(_post_row(post)))
        if post.transfers:
            self._connection.execute(
                insert(transfers), [_transfer_row(t, i) for i, t in enumerate(post.transfers)]
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
            self._connection.execute(
                update(posts).where(posts.c.post_number == post.post_number).values(after_post)
            )
        for position, row in enumerate(after_transfers):
            if position >= len(before_transfers):
                self._connection.execute(insert(transfers).values(row))
            elif row != before_transfers[position]:
                self._connection.execute(
                    update(transfers)
                    .where(
                        and_(
                            transfers.c.post_number == post.post_number,
                            transfers.c.transfer_id == row["transfer_id"],
                        )
                    )
                    .values(row)
                )
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
