"""Bulk runs kept in HR's database: key, request hash, status and every row's result."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from services.hr.adapters.tables import bulk_run_rows, bulk_runs
from services.hr.application.bulk import FAILED, RowResult
from services.hr.domain.errors import BulkRunNotFound, IdempotencyKeyReused


@dataclass
class StoredRun:
    """A bulk run as stored; `rows` are filled once it has finished."""

    run_id: str
    idempotency_key: str
    request_hash: str
    action: str
    simulate: bool
    status: str
    rerun_of: str | None
    totals: dict[str, int] | None
    rows: list[RowResult] = field(default_factory=list)

    def as_report(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "action": self.action,
            "simulate": self.simulate,
            "status": self.status,
            "rerun_of": self.rerun_of,
            "totals": self.totals,
            "rows": [
                {
                    "post_number": row.post_number,
                    "outcome": row.outcome,
                    "reason": row.reason,
                    "transfer_id": row.transfer_id,
                }
                for row in self.rows
            ],
        }


class BulkRunStore:
    """Claims idempotency keys and stores what each run did."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def find_by_key(self, key: str, request_hash: str) -> StoredRun | None:
        """The run this key started, if any; refuse a key reused for something else."""
        with self._engine.connect() as connection:
            row = (
                connection.execute(select(bulk_runs).where(bulk_runs.c.idempotency_key == key))
                .mappings()
                .first()
            )
        if row is None:
            return None
        if row["request_hash"] != request_hash:
            raise IdempotencyKeyReused(
                f"idempotency key {key!r} was already used for a different bulk request"
            )
        if row["status"] == "running":
            raise IdempotencyKeyReused(
                f"the bulk run with idempotency key {key!r} is still running"
            )
        return self.load(row["run_id"])

    def claim(
        self,
        key: str,
        request_hash: str,
        action: str,
        simulate: bool,
        by: str,
        rerun_of: str | None,
    ) -> str:
        """Record a new running run under the key; return its id (or refuse a taken key)."""
        run_id = f"B-{uuid.uuid4().hex[:12]}"
        try:
            with self._engine.begin() as connection:
                connection.execute(
                    insert(bulk_runs).values(
                        run_id=run_id,
                        idempotency_key=key,
                        request_hash=request_hash,
                        action=action,
                        simulate=simulate,
                        status="running",
                        requested_by=by,
                        rerun_of=rerun_of,
                        created_at=datetime.now(UTC),
                    )
                )
        except IntegrityError:
            raise IdempotencyKeyReused(
                f"idempotency key {key!r} was taken by another request at the same moment"
            ) from None
        return run_id

    def finish(self, run_id: str, results: list[RowResult], totals: dict[str, int]) -> None:
        """Store every row's result and mark the run finished, in one transaction."""
        rows = [
            {
                "run_id": run_id,
                "position": position,
                "post_number": r.post_number,
                "outcome": r.outcome,
                "reason": r.reason,
                "transfer_id": r.transfer_id,
            }
            for position, r in enumerate(results)
        ]
        with self._engine.begin() as connection:
            if rows:
                connection.execute(insert(bulk_run_rows), rows)
            connection.execute(
                update(bulk_runs)
                .where(bulk_runs.c.run_id == run_id)
                .values(status="finished", totals=totals, finished_at=datetime.now(UTC))
            )

    def load(self, run_id: str) -> StoredRun:
        with self._engine.connect() as connection:
            run = (
                connection.execute(select(bulk_runs).where(bulk_runs.c.run_id == run_id))
                .mappings()
                .first()
            )
            if run is None:
                raise BulkRunNotFound(run_id)
            rows = connection.execute(
                select(bulk_run_rows)
                .where(bulk_run_rows.c.run_id == run_id)
                .order_by(bulk_run_rows.c.position)
            ).mappings()
            results = [
                RowResult(r["post_number"], r["outcome"], r["reason"], r["transfer_id"])
                for r in rows
            ]
        return StoredRun(
            run_id=run["run_id"],
            idempotency_key=run["idempotency_key"],
            request_hash=run["request_hash"],
            action=run["action"],
            simulate=run["simulate"],
            status=run["status"],
            rerun_of=run["rerun_of"],
            totals=run["totals"],
            rows=results,
        )

    def failed_post_numbers(self, run_id: str) -> list[str]:
        """The rows of an earlier run that were refused or hit an error, in their order."""
        return [row.post_number for row in self.load(run_id).rows if row.outcome in FAILED]
