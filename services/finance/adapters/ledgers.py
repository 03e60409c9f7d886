"""SQL for savings targets and realised savings, over the caller's connection."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from services.finance.adapters.tables import budget_reductions, savings_realised, savings_targets


class SqlSavings:
    """Savings targets and realised savings per team and financial year."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def set_target(self, team: str, financial_year: str, amount: int) -> None:
        where = (savings_targets.c.team == team, savings_targets.c.financial_year == financial_year)
        done = self._connection.execute(update(savings_targets).where(*where).values(amount=amount))
        if done.rowcount == 0:
            self._connection.execute(
                insert(savings_targets).values(
                    team=team, financial_year=financial_year, amount=amount
                )
            )

    def add_realised(self, row: dict[str, Any], now: datetime) -> None:
        self._connection.execute(insert(savings_realised).values(**row, recorded_at=now))

    def reduced(self, cost_centre: str, function: str) -> int:
        table = budget_reductions
        query = select(func.coalesce(func.sum(table.c.amount), 0)).where(
            table.c.cost_centre == cost_centre, table.c.function == function
        )
        return int(self._connection.execute(query).scalar_one())

    def add_reduction(self, row: dict[str, Any], now: datetime) -> None:
        self._connection.execute(insert(budget_reductions).values(**row, recorded_at=now))

    def summary(self) -> list[dict[str, Any]]:
        """Per team and year: target, realised and budget reduced (0 where none yet)."""
        totals: dict[tuple[str, str], dict[str, Any]] = {}
        for team, year, amount in self._connection.execute(select(savings_targets)):
            totals[(team, year)] = {"team": team, "financial_year": year, "target": amount}
        realised = select(
            savings_realised.c.team,
            savings_realised.c.financial_year,
            func.sum(savings_realised.c.amount),
        ).group_by(savings_realised.c.team, savings_realised.c.financial_year)
        for team, year, amount in self._connection.execute(realised):
            entry = totals.setdefault(
                (team, year), {"team": team, "financial_year": year, "target": 0}
            )
            entry["realised"] = int(amount)
        reduced = select(
            budget_reductions.c.function,
            budget_reductions.c.financial_year,
            func.sum(budget_reductions.c.amount),
        ).group_by(budget_reductions.c.function, budget_reductions.c.financial_year)
        for team, year, amount in self._connection.execute(reduced):
            entry = totals.setdefault(
                (team, year), {"team": team, "financial_year": year, "target": 0}
            )
            entry["budget_reduced"] = int(amount)
        for entry in totals.values():
            entry.setdefault("realised", 0)
            entry.setdefault("budget_reduced", 0)
            entry["still_to_find"] = max(entry["target"] - entry["realised"], 0)
        return sorted(totals.values(), key=lambda e: (e["team"], e["financial_year"]))
