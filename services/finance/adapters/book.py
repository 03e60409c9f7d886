"""The books in SQL: one `SqlBudgetBook` per transaction, over the caller's connection."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, update

from services.finance.adapters.tables import (
    budget_lines,
    budget_transfers,
    cost_centres,
    finance_posts,
)
from services.finance.domain.budget import BudgetLine, CostCentre
from services.finance.domain.transfer import BudgetTransfer, Money, RegisteredPost
from shared.chunks import chunks


class SqlBudgetBook:
    """Implements `BudgetBook` on Finance's tables."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def any_cost_centre(self) -> bool:
        return self._one(select(cost_centres.c.code).limit(1)) is not None

    def cost_centre(self, code: str) -> CostCentre | None:
        row = self._one(select(cost_centres).where(cost_centres.c.code == code))
        return CostCentre(**row) if row else None

    def save_cost_centre(self, centre: CostCentre) -> None:
        self._upsert(cost_centres, {"code": centre.code}, asdict(centre))

    def line(self, cost_centre: str, function: str) -> BudgetLine | None:
        row = self._one(
            select(budget_lines).where(
                budget_lines.c.cost_centre == cost_centre, budget_lines.c.function == function
            )
        )
        return BudgetLine(**row) if row else None

    def save_line(self, line: BudgetLine) -> None:
        key = {"cost_centre": line.cost_centre, "function": line.function}
        self._upsert(budget_lines, key, asdict(line))

    def transfer(self, transfer_id: str) -> BudgetTransfer | None:
        row = self._one(
            select(budget_transfers).where(budget_transfers.c.transfer_id == transfer_id)
        )
        if row is None:
            return None
        return BudgetTransfer(**{**row, "money": Money(row["money"])})

    def save_transfer(self, transfer: BudgetTransfer) -> None:
        values = {**asdict(transfer), "money": transfer.money.value}
        self._upsert(budget_transfers, {"transfer_id": transfer.transfer_id}, values)

    def post(self, post_number: str) -> RegisteredPost | None:
        row = self._one(select(finance_posts).where(finance_posts.c.post_number == post_number))
        return RegisteredPost(**row) if row else None

    def save_post(self, post: RegisteredPost) -> None:
        self._upsert(finance_posts, {"post_number": post.post_number}, asdict(post))

    def add_posts(self, posts: list[RegisteredPost]) -> None:
        """Add many posts at once (the demo seed); posts already registered are kept."""
        known = set(self._connection.scalars(select(finance_posts.c.post_number)))
        rows = [asdict(post) for post in posts if post.post_number not in known]
        for part in chunks(rows, 5000):
            self._connection.execute(insert(finance_posts), part)

    def other_posts_cost(self, cost_centre: str, function: str, post_number: str) -> int:
        query = select(func.coalesce(func.sum(finance_posts.c.annual_cost), 0)).where(
            finance_posts.c.cost_centre == cost_centre,
            finance_posts.c.function == function,
            finance_posts.c.post_number != post_number,
        )
        return int(self._connection.execute(query).scalar_one())

    def _one(self, query: Any) -> dict[str, Any] | None:
        row = self._connection.execute(query).mappings().first()
        return dict(row) if row else None

    def _upsert(self, table: Table, key: dict[str, Any], values: dict[str, Any]) -> None:
        # Portable across SQLite and PostgreSQL; the transaction holds the write lock.
        where = [table.c[name] == value for name, value in key.items()]
        changed = self._connection.execute(update(table).where(*where).values(values))
        if changed.rowcount == 0:
            self._connection.execute(insert(table).values(values))
