"""Bulk runs kept in HR's database: key, request hash, status and every row's result.

A run is `running` while an HR process works on it, `finished` once every row has a result,
and `interrupted` when the process working on it stopped being seen (it crashed, or was
killed) before the end. Rows are stored with the chunk that did them, so an interrupted
run knows exactly which rows were done; sending the same key and body again resumes it.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, RowMapping, insert, select, update
from sqlalchemy.exc import IntegrityError

from services.hr.adapters.bulk_run_rows import Values, keep_rows, keep_values, values_of
from services.hr.adapters.tables import bulk_run_claims, bulk_run_rows, bulk_runs
from services.hr.application.bulk import FAILED, RowResult, RowValues, totals
from services.hr.domain.errors import BulkRunNotFound, IdempotencyKeyReused


@dataclass(kw_only=True)
class StoredRun:
    """A bulk run as stored: the rows it took (when known) and the results kept so far."""

    run_id: str
    idempotency_key: str
    request_hash: str
    action: str
    simulate: bool
    status: str
    rerun_of: str | None
    totals: dict[str, int] | None
    post_numbers: list[str] | None = None
    values: Values | None = None  # the rows' own values, by position, if they had any
    recorded: dict[int, RowResult] = field(default_factory=dict)

    @property
    def rows(self) -> list[RowResult]:
        return [self.recorded[position] for position in sorted(self.recorded)]

    def remaining(self) -> list[str]:
        """The rows with no result yet: what resuming the run would still do."""
        if self.status == "finished" or self.post_numbers is None:
            return []
        return [n for i, n in enumerate(self.post_numbers) if i not in self.recorded]

    def as_report(self) -> dict[str, Any]:
        remaining = self.remaining()
        return {
            "run_id": self.run_id,
            "action": self.action,
            "simulate": self.simulate,
            "status": self.status,
            "rerun_of": self.rerun_of,
            "totals": self.totals if self.status == "finished" else totals(self.rows),
            "remaining": len(remaining),
            "remaining_post_numbers": remaining,
            "rows": [
                {
                    "row": position + 1,  # its place in the run, from 1
                    "post_number": row.post_number,
                    "outcome": row.outcome,
                    "reason": row.reason,
                    "transfer_id": row.transfer_id,
                }
                for position, row in sorted(self.recorded.items())
            ],
        }


# Keys are the user's own: another officer reusing one starts their own run and never sees
# the first one's report. Stored behind a short digest of the user, so the column stays
# unique and within its 200 characters whatever the user id's length.
USER_PREFIX = re.compile(r"[0-9a-f]{16}:")


def users_key(user_id: str, key: str) -> str:
    return f"{hashlib.sha256(user_id.encode()).hexdigest()[:16]}:{key}"


def key_as_given(stored: str) -> str:
    """The key as its user gave it (keys stored before they were per user have no prefix)."""
    return USER_PREFIX.sub("", stored, count=1) if USER_PREFIX.match(stored) else stored


class BulkRunStore:
    """Claims idempotency keys, stores what each run did, and tells live runs from dead."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def find_by_key(self, by: str, key: str, request_hash: str) -> StoredRun | None:
        """The run this user's key started, if any; refuse a key reused for something else,
        or for a run still under way."""
        with self._engine.connect() as connection:
            row = _run_where(connection, bulk_runs.c.idempotency_key == users_key(by, key))
        if row is None:
            return None
        if row["request_hash"] != request_hash:
            raise IdempotencyKeyReused(
                f"idempotency key {key!r} was already used for a different bulk request"
            )
        if row["status"] == "running":
            raise IdempotencyKeyReused(
                f"the bulk run with idempotency key {key!r} is still running; if HR was "
                "restarted, send it again in a minute: an interrupted run resumes where it "
                "stopped"
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
        post_numbers: list[str],
        owner: str,
        values: Values | None = None,
    ) -> str:
        """Record a new run under the key, with its rows (and their own values, if any), as
        running in the process `owner`; return its id (or refuse a taken key)."""
        run_id = f"B-{uuid.uuid4().hex[:12]}"
        now = datetime.now(UTC)
        try:
            with self._engine.begin() as connection:
                connection.execute(
                    insert(bulk_runs).values(
                        run_id=run_id,
                        idempotency_key=users_key(by, key),
                        request_hash=request_hash,
                        action=action,
                        simulate=simulate,
                        status="running",
                        requested_by=by,
                        rerun_of=rerun_of,
                        created_at=now,
                    )
                )
                connection.execute(
                    insert(bulk_run_claims).values(
                        run_id=run_id, post_numbers=post_numbers, owner=owner, heartbeat_at=now
                    )
                )
                if values is not None:
                    keep_values(connection, run_id, values)
        except IntegrityError:
            raise IdempotencyKeyReused(
                f"idempotency key {key!r} was taken by another request at the same moment"
            ) from None
        return run_id

    def resume(self, run_id: str, owner: str) -> bool:
        """Take an interrupted run over for the process `owner`; False if another request
        took it first."""
        with self._engine.begin() as connection:
            taken = connection.execute(
                update(bulk_runs)
                .where(bulk_runs.c.run_id == run_id, bulk_runs.c.status == "interrupted")
                .values(status="running")
            )
            if taken.rowcount != 1:
                return False
            connection.execute(
                update(bulk_run_claims)
                .where(bulk_run_claims.c.run_id == run_id)
                .values(owner=owner, heartbeat_at=datetime.now(UTC))
            )
        return True

    def finish(
        self, run_id: str, results: list[RowResult], counted: dict[str, int], owner: str
    ) -> bool:
        """Store the rows no chunk kept (refused duplicates, rows that hit an error, a
        simulation's) and mark the run finished, in one transaction; False (and nothing
        stored) if the run is no longer this process's."""
        with self._engine.begin() as connection:
            mine = select(bulk_run_claims.c.run_id).where(bulk_run_claims.c.owner == owner)
            finished = connection.execute(
                update(bulk_runs)
                .where(
                    bulk_runs.c.run_id == run_id,
                    bulk_runs.c.status == "running",
                    bulk_runs.c.run_id.in_(mine),
                )
                .values(status="finished", totals=counted, finished_at=datetime.now(UTC))
            )
            if finished.rowcount != 1:
                return False  # nothing was changed: another request resumed the run
            kept = set(
                connection.scalars(
                    select(bulk_run_rows.c.position).where(bulk_run_rows.c.run_id == run_id)
                )
            )
            missing = [(i, r) for i, r in enumerate(results) if i not in kept]
            keep_rows(connection, run_id, missing)
        return True

    def beat(self, owner: str, stale_after: timedelta) -> list[str]:
        """Mark the process `owner`'s running runs as alive now, and mark interrupted the
        running runs of processes not seen for `stale_after`; return those runs' ids."""
        now = datetime.now(UTC)
        claims = bulk_run_claims.c
        running = select(bulk_runs.c.run_id).where(bulk_runs.c.status == "running")
        with self._engine.begin() as connection:
            connection.execute(
                update(bulk_run_claims)
                .where(claims.owner == owner, claims.run_id.in_(running))
                .values(heartbeat_at=now)
            )
            dead = list(
                connection.scalars(
                    select(claims.run_id).where(
                        claims.run_id.in_(running),
                        claims.owner != owner,
                        claims.heartbeat_at < now - stale_after,
                    )
                )
            )
            if dead:
                connection.execute(
                    update(bulk_runs)
                    .where(bulk_runs.c.run_id.in_(dead), bulk_runs.c.status == "running")
                    .values(status="interrupted")
                )
        return dead

    def load(self, run_id: str) -> StoredRun:
        with self._engine.connect() as connection:
            run = _run_where(connection, bulk_runs.c.run_id == run_id)
            if run is None:
                raise BulkRunNotFound(run_id)
            post_numbers = connection.scalar(
                select(bulk_run_claims.c.post_numbers).where(bulk_run_claims.c.run_id == run_id)
            )
            values = values_of(connection, run_id)
            rows = connection.execute(
                select(bulk_run_rows)
                .where(bulk_run_rows.c.run_id == run_id)
                .order_by(bulk_run_rows.c.position)
            ).mappings()
            recorded = {
                r["position"]: RowResult(
                    post_number=r["post_number"],
                    outcome=r["outcome"],
                    reason=r["reason"],
                    transfer_id=r["transfer_id"],
                )
                for r in rows
            }
        return StoredRun(
            run_id=run["run_id"],
            idempotency_key=key_as_given(run["idempotency_key"]),
            request_hash=run["request_hash"],
            action=run["action"],
            simulate=run["simulate"],
            status=run["status"],
            rerun_of=run["rerun_of"],
            totals=run["totals"],
            post_numbers=post_numbers,
            values=values,
            recorded=recorded,
        )

    def failed_rows(self, run_id: str) -> tuple[list[str], list[RowValues | None] | None]:
        """The rows of an earlier run that were refused or hit an error, in their order, with
        their own values (None when its rows had none)."""
        run = self.load(run_id)
        failed = [i for i in sorted(run.recorded) if run.recorded[i].outcome in FAILED]
        numbers = [run.recorded[i].post_number for i in failed]
        if run.values is None:
            return numbers, None
        return numbers, [run.values[i] if i < len(run.values) else None for i in failed]


def _run_where(connection: Connection, condition: ColumnElement[bool]) -> RowMapping | None:
    return connection.execute(select(bulk_runs).where(condition)).mappings().first()
