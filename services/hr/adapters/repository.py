"""Load and save post aggregates (with their transfers) in HR's database."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from services.hr.adapters.tables import posts, transfers
from services.hr.domain.post import Post
from services.hr.domain.transfer import BudgetCheck, Stage, Transfer

POST_COLUMNS = [f.name for f in fields(Post) if f.name != "transfers"]


class PostRepository:
    """Posts in one transaction; `get` locks the row on PostgreSQL."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._seen: dict[str, Post] = {}

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
        post.transfers = [_transfer_from(row) for row in rows]
        self._seen[post_number] = post
        return post

    def exists(self, post_number: str) -> bool:
        query = select(posts.c.post_number).where(posts.c.post_number == post_number)
        return self._connection.execute(query).first() is not None

    def add(self, post: Post) -> None:
        """Insert a new post."""
        self._connection.execute(insert(posts).values(_post_row(post)))

    def save(self, post: Post) -> None:
        """Write back a post loaded with `get` and changed by the domain."""
        self._connection.execute(
            posts.update().where(posts.c.post_number == post.post_number).values(_post_row(post))
        )
        self._connection.execute(
            delete(transfers).where(transfers.c.post_number == post.post_number)
        )
        if post.transfers:
            self._connection.execute(
                insert(transfers),
                [_transfer_row(t, position) for position, t in enumerate(post.transfers)],
            )


def _post_row(post: Post) -> dict[str, Any]:
    return {name: getattr(post, name) for name in POST_COLUMNS}


def _transfer_row(transfer: Transfer, position: int) -> dict[str, Any]:
    row = asdict(transfer)
    row["stage"] = transfer.stage.value
    row["budget_check"] = transfer.budget_check.value
    row["position"] = position
    return row


def _transfer_from(row: Any) -> Transfer:
    values = {f.name: row[f.name] for f in fields(Transfer)}
    values["stage"] = Stage(values["stage"])
    values["budget_check"] = BudgetCheck(values["budget_check"])
    return Transfer(**values)
