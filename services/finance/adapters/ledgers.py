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
        sums = ((savings_realised, savings_realised.c.team, "realised"),
                (budget_reductions, budget_reductions.c.function, "budget_reduced"))  # fmt: skip
        for table, team_column, name in sums:
            query = select(team_column, table.c.financial_year, func.sum(table.c.amount))
            grouped = query.group_by(team_column, table.c.financial_year)
            for team, year, amount in self._connection.execute(grouped):
                entry = totals.setdefault(
                    (team, year), {"team": team, "financial_year": year, "target": 0}
                )
                entry[name] = int(amount)
        for entry in totals.values():
            entry.setdefault("realised", 0)
            entry.setdefault("budget_reduced", 0)
            entry["still_to_find"] = max(entry["target"] - entry["realised"], 0)
        return sorted(totals.values(), key=lambda e: (e["team"], e["financial_year"]))
