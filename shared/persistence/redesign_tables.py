"""The catalogue of a function's own processes and candidates, for the services that own a
function (HR, Finance): the same two tables in each one's database, and their SQL."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Boolean, Column, Connection, MetaData, String, Table, func, insert, select
from sqlalchemy import update as sql_update

from shared.events.candidate_stages import CandidateStatus


@dataclass(frozen=True, slots=True)
class RedesignTables:
    processes: Table
    candidates: Table


def redesign_tables(metadata: MetaData) -> RedesignTables:
    """Add `processes` and `candidates` to a service's metadata."""
    processes = Table(
        "processes",
        metadata,
        Column("process_id", String(40), primary_key=True),
        Column("team", String(10), nullable=False),
        Column("name", String(300), nullable=False),
        Column("in_review", Boolean, nullable=False, default=False),
    )
    candidates = Table(
        "candidates",
        metadata,
        Column("candidate_id", String(40), primary_key=True),
        Column("process_id", String(40), nullable=False, index=True),
        Column("team", String(10), nullable=False),
        Column("status", String(20), nullable=False),
    )
    return RedesignTables(processes, candidates)


class SqlProcesses:
    """A function's processes and the redesign candidates found in them."""

    def __init__(self, connection: Connection, tables: RedesignTables) -> None:
        self._connection = connection
        self._processes = tables.processes
        self._candidates = tables.candidates

    def count(self) -> int:
        query = select(func.count()).select_from(self._processes)
        return int(self._connection.execute(query).scalar_one())

    def process_team(self, process_id: str) -> str | None:
        table = self._processes
        query = select(table.c.team).where(table.c.process_id == process_id)
        return self._connection.execute(query).scalar_one_or_none()

    def add_process(self, process_id: str, team: str, name: str) -> None:
        self._connection.execute(
            insert(self._processes).values(
                process_id=process_id, team=team, name=name, in_review=False
            )
        )

    def start_review(self, process_id: str) -> None:
        table = self._processes
        self._connection.execute(
            sql_update(table).where(table.c.process_id == process_id).values(in_review=True)
        )

    def candidate(self, candidate_id: str) -> CandidateStatus | None:
        table = self._candidates
        query = select(table.c.status).where(table.c.candidate_id == candidate_id)
        status = self._connection.execute(query).scalar_one_or_none()
        return CandidateStatus(status) if status else None

    def add_candidate(self, candidate_id: str, process_id: str, team: str) -> None:
        self._connection.execute(
            insert(self._candidates).values(
                candidate_id=candidate_id,
                process_id=process_id,
                team=team,
                status=CandidateStatus.IDENTIFIED.value,
            )
        )

    def set_candidate(self, candidate_id: str, status: CandidateStatus) -> None:
        table = self._candidates
        self._connection.execute(
            sql_update(table)
            .where(table.c.candidate_id == candidate_id)
            .values(status=status.value)
        )
