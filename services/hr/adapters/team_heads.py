"""Which post heads each central team, in HR's database."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from services.hr.adapters.tables import team_heads


class TeamHeadRepository:
    """The head post of each central team, in one transaction."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def head_of(self, team: str) -> str | None:
        query = select(team_heads.c.post_number).where(team_heads.c.team == team)
        head: str | None = self._connection.scalar(query)
        return head

    def name(self, team: str, post_number: str) -> None:
        self._connection.execute(delete(team_heads).where(team_heads.c.team == team))
        self._connection.execute(insert(team_heads).values(team=team, post_number=post_number))

    def all(self) -> dict[str, str]:
        """Every team's head post, by team code."""
        rows = self._connection.execute(select(team_heads.c.team, team_heads.c.post_number))
        return {team: post_number for team, post_number in rows}
