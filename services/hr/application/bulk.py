"""Bulk runs: one command per row, rows committed together in chunks.

As in the mass-change runs HR people know: each row is done or refused with a reason, one
refusal undoes nothing else, a simulation reports the same per row without keeping anything,
and a rerun can take just the rows that failed. Rows run in chunks of a few hundred per
transaction (a commit per row is what made 100,000 rows take a quarter of an hour); inside
a chunk each row is a unit of work of its own that a refusal undoes alone.

Each chunk keeps its rows' results with it (`Chunk.keep`), so a run cut short by a crash
knows exactly which rows were done, and resuming it (`already`) runs only the others.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import structlog

from services.hr.application.bulk_commands import (
    ROW_VALUES,
    BulkAction,
    BulkOptions,
    RowValues,
    command_for,
)
from services.hr.application.handlers import handle
from services.hr.application.unit_of_work import UnitOfWork
from services.hr.domain.errors import HrError
from shared.chunks import chunks
from shared.faults import fault_point

log = structlog.get_logger(__name__)

Outcome = Literal["done", "refused", "error"]
FAILED: frozenset[str] = frozenset({"refused", "error"})
ROWS_PER_CHUNK = 250
StartUnitOfWork = Callable[[], AbstractContextManager[UnitOfWork]]


class Chunk(Protocol):
    """Rows kept or dropped together at the end; each `row()` can be undone on its own."""

    def row(self) -> AbstractContextManager[UnitOfWork]: ...

    def keep(self, results: list[tuple[int, RowResult]]) -> None:
        """Record these rows' results (by position in the run) with the chunk's changes."""
        ...


StartChunk = Callable[[], AbstractContextManager[Chunk]]


class ChunkBroken(Exception):
    """A row could not be undone alone, so nothing else of its chunk can be trusted."""


@dataclass(frozen=True, slots=True)
class RowByRow:
    """A chunk with no transaction of its own: every row commits (or not) by itself."""

    start_uow: StartUnitOfWork

    def __enter__(self) -> RowByRow:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def row(self) -> AbstractContextManager[UnitOfWork]:
        return self.start_uow()

    def keep(self, results: list[tuple[int, RowResult]]) -> None:
        return None  # nothing to keep them with: the caller has the report


def one_per_transaction(start_uow: StartUnitOfWork) -> StartChunk:
    """Chunks whose rows each run in a unit of work of their own."""
    return lambda: RowByRow(start_uow)


@dataclass(frozen=True, slots=True, kw_only=True)
class RowResult:
    """What became of one row: done, refused (with the officer-readable reason) or error."""

    post_number: str
    outcome: Outcome
    reason: str = ""
    transfer_id: str | None = None


def run_rows(
    start_chunk: StartChunk,
    action: BulkAction,
    options: BulkOptions,
    post_numbers: Iterable[str],
    progress: Callable[[int], None] = lambda _: None,
    workers: int = 1,
    already: Mapping[int, RowResult] | None = None,
    values: Sequence[RowValues | None] | None = None,
) -> list[RowResult]:
    """Run the action on each post, in chunks of rows that each stand or fall alone;
    `values[i]` are row i's own values, if it has any."""
    commands = [
        command_for(action, number, options, values[index] if values else None)
        for index, number in enumerate(post_numbers)
    ]
    return run_commands(start_chunk, commands, progress, workers, already=already)


def run_commands(
    start_chunk: StartChunk,
    commands: Iterable[Any],
    progress: Callable[[int], None] = lambda _: None,
    workers: int = 1,
    rows_per_chunk: int = ROWS_PER_CHUNK,
    already: Mapping[int, RowResult] | None = None,
) -> list[RowResult]:
    """Run the commands in chunks; `progress(n)` is called as each chunk is committed.

    Rows touch different posts, so `workers` threads may run chunks side by side; the
    report keeps the rows' order. A post named twice is refused the second time rather
    than raced. Rows with a result in `already` (by position: kept by an earlier attempt
    at the same run) are reported as they were and not run again.
    """
    rows: list[Any] = list(commands)
    results: list[RowResult | None] = [None] * len(rows)
    to_run: list[int] = []
    seen: set[str] = set()
    for index, command in enumerate(rows):
        if already and index in already:
            results[index] = already[index]
            seen.add(command.post_number)
        elif command.post_number in seen:
            reason = f"post {command.post_number} appears more than once in this run"
            results[index] = RowResult(
                post_number=command.post_number, outcome="refused", reason=reason
            )
        else:
            seen.add(command.post_number)
            to_run.append(index)
    size = max(1, rows_per_chunk)
    planned = list(chunks(to_run, size))
    finished = len(rows) - len(to_run)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        outcomes = pool.map(lambda chunk: _run_chunk(start_chunk, chunk, rows), planned)
        for chunk, chunk_results in zip(planned, outcomes, strict=True):
            for index, result in zip(chunk, chunk_results, strict=True):
                results[index] = result
            finished += len(chunk)
            progress(finished)
    return [result for result in results if result is not None]


def totals(results: Iterable[RowResult]) -> dict[str, int]:
    """Rows, and how many were done, refused, or hit an error."""
    counted = Counter(result.outcome for result in results)
    done, refused, error = counted["done"], counted["refused"], counted["error"]
    return {"rows": done + refused + error, "done": done, "refused": refused, "error": error}


# PostgreSQL's deadlock and serialization failures: two chunks' rows locked the same posts
# (a line manager's, a team head's) in opposite orders and one chunk was told to give way.
# Its rows run again one chunk each, holding nothing from earlier rows, and a lone row is
# tried again once the other chunk has moved on.
TRANSIENT_SQLSTATES = frozenset({"40P01", "40001"})
LONE_ROW_ATTEMPTS = 3


def _run_chunk(
    start_chunk: StartChunk, positions: list[int], rows: list[Any], attempt: int = 1
) -> list[RowResult]:
    """The chunk's rows and their results, committed together; if the chunk itself fails
    (its commit, a row that could not be undone alone, or a deadlock), nothing of it was
    kept: its rows run again, each in a chunk of its own, so the report still says row by
    row what happened."""
    try:
        with start_chunk() as chunk:
            results = [_run_row(chunk.row, rows[position]) for position in positions]
            chunk.keep(list(zip(positions, results, strict=True)))
        fault_point("bulk.chunk_committed")  # a crash here: kept, the rest not yet run
    except Exception as error:
        transient = _sqlstate(error) in TRANSIENT_SQLSTATES
        if len(positions) == 1 and transient and attempt < LONE_ROW_ATTEMPTS:
            log.warning("bulk.row_retried", post_number=rows[positions[0]].post_number)
            return _run_chunk(start_chunk, positions, rows, attempt + 1)
        if len(positions) == 1:
            number = rows[positions[0]].post_number
            log.exception("bulk.row_failed", post_number=number)
            reason = f"could not be done: {type(error.__cause__ or error).__name__}"
            return [RowResult(post_number=number, outcome="error", reason=reason)]
        log.exception("bulk.chunk_failed", rows=len(positions))
        return [_run_chunk(start_chunk, [position], rows)[0] for position in positions]
    return results


def _run_row(start_uow: StartUnitOfWork, command: Any) -> RowResult:
    try:
        with start_uow() as uow:
            outcome = handle(uow, command)
    except ChunkBroken:
        raise
    except HrError as refusal:
        return RowResult(post_number=command.post_number, outcome="refused", reason=str(refusal))
    except Exception as error:  # one broken row must not stop the other 1,499
        if _sqlstate(error) in TRANSIENT_SQLSTATES:
            raise  # the chunk gives way and its rows run again (`_run_chunk`)
        log.exception("bulk.row_failed", post_number=command.post_number)
        return RowResult(
            post_number=command.post_number,
            outcome="error",
            reason=f"could not be done: {type(error).__name__}",
        )
    return RowResult(
        post_number=command.post_number,
        outcome="done",
        reason="",
        transfer_id=getattr(outcome, "transfer_id", None),
    )


def _sqlstate(error: BaseException) -> str | None:
    """The database's error code behind a driver error (PostgreSQL's), when there is one."""
    cause = error if hasattr(error, "orig") else error.__cause__
    return getattr(getattr(cause, "orig", None), "sqlstate", None)


__all__ = [
    "ROW_VALUES",
    "BulkAction",
    "BulkOptions",
    "RowValues",
    "command_for",
    "run_commands",
    "run_rows",
    "totals",
]
