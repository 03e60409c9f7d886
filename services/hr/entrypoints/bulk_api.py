"""`POST /bulk/transfers`: one action on many posts, each row done or refused on its own.

An `Idempotency-Key` header is required: the same key and body again returns the stored
report and does no work; the same key with another body is refused (409). `simulate`
reports the same per row and keeps nothing; `rerun_failed_of` takes an earlier run's
refused rows (with their own values, if they had any).

Date changes, rejections and cancellations may give each row values of its own (`rows`, or
CSV columns `post_number,effective_date,reports_to,reason`), over one set for the run; rows
that cannot be used are refused (422) before any runs, each named with its number and why.

A run cut short (HR crashed or was killed) is reported `interrupted` with what it did and
what remains; the same key and body again resumes it: rows already done are reported as
they were, not run again, and the remaining rows are run.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.exceptions import RequestValidationError

from services.hr.adapters.bulk_run_rows import Values
from services.hr.adapters.bulk_runs import BulkRunStore
from services.hr.adapters.queries import annual_cost_of, post_numbers_matching
from services.hr.adapters.unit_of_work import ConnectionPerThread
from services.hr.application.bulk import (
    ROW_VALUES,
    BulkOptions,
    RowResult,
    RowValues,
    run_rows,
    totals,
)
from services.hr.domain.errors import ApprovalNotAllowed, IdempotencyKeyReused
from services.hr.domain.wave_rules import Decision
from services.hr.entrypoints.bulk_rows import check_rows, read_rows
from services.hr.entrypoints.context import BulkReaders, Hr, HrStaff, actor_of, hr_of
from services.hr.entrypoints.posts_csv import read_post_numbers
from services.hr.entrypoints.schemas import BulkTransfersIn
from shared.auth import Principal
from shared.http import correlation_id_of

router = APIRouter(tags=["bulk"])
IdempotencyKey = Annotated[str, Header(min_length=1, max_length=180)]
ROW_SOURCES = ("post_numbers", "rows", "csv", "filter", "rerun_failed_of")
# What the run must give for every row; rows with values of their own are checked one by one.
NEEDS: dict[str, tuple[str, ...]] = {
    "propose": ("effective_date", "reason"),
    "open_consultation": ("closes_by",),
    "close_consultation": ("outcome",),
    "approve": (),
    "change_effective_date": (),
    "reject": (),
    "cancel": (),
}
# ... and what it must give when its rows have no values of their own (post_numbers, filter).
NEEDS_WITHOUT_OWN: dict[str, tuple[str, ...]] = {
    "change_effective_date": ("effective_date",),
    "reject": ("reason",),
    "cancel": ("reason",),
}


@router.post("/bulk/transfers")
async def bulk_transfers(
    body: BulkTransfersIn, request: Request, principal: HrStaff, idempotency_key: IdempotencyKey
) -> dict[str, Any]:
    """Run the action on every row; report each row done or refused, and the totals."""
    _check_fields(body)
    hr = hr_of(request)
    store = BulkRunStore(hr.runtime.engine)
    request_hash = hashlib.sha256(
        json.dumps(body.model_dump(mode="json"), sort_keys=True).encode()
    ).hexdigest()
    earlier = await asyncio.to_thread(
        store.find_by_key, principal.user_id, idempotency_key, request_hash
    )
    if earlier is not None and earlier.status == "finished":
        return {**earlier.as_report(), "replayed": True, "resumed": False}
    if earlier is not None:
        run_id, post_numbers, already = earlier.run_id, earlier.post_numbers, earlier.recorded
        if post_numbers is None or not await asyncio.to_thread(store.resume, run_id, hr.process_id):
            raise IdempotencyKeyReused(
                f"the bulk run with idempotency key {idempotency_key!r} is being resumed by "
                "another request"
            )
        rows = (post_numbers, earlier.values)
    else:
        rows, already = await asyncio.to_thread(_rows_of, hr, store, body), {}
        if body.action == "approve":
            await _within_approval_limit(hr, principal, rows[0])
        run_id = await asyncio.to_thread(
            store.claim,
            idempotency_key,
            request_hash,
            body.action,
            body.simulate,
            principal.user_id,
            body.rerun_failed_of,
            rows[0],
            hr.process_id,
            rows[1],
        )
    results = await _run(hr, request, principal, body, run_id, rows, already)
    await asyncio.to_thread(store.finish, run_id, results, totals(results), hr.process_id)
    report = (await asyncio.to_thread(store.load, run_id)).as_report()
    return {**report, "replayed": False, "resumed": earlier is not None}


@router.get("/bulk/transfers/{run_id}")
async def bulk_run(run_id: str, request: Request, _: BulkReaders) -> dict[str, Any]:
    """A stored bulk run's report (HR staff and auditors: it names every department's posts)."""
    store = BulkRunStore(hr_of(request).runtime.engine)
    return (await asyncio.to_thread(store.load, run_id)).as_report()


def _check_fields(body: BulkTransfersIn) -> None:
    errors: list[dict[str, Any]] = []
    given = [name for name in ROW_SOURCES if getattr(body, name) is not None]
    if len(given) != 1:
        errors.append(
            {
                "type": "value_error",
                "loc": ("body", "post_numbers"),
                "input": given,
                "msg": f"give the rows in exactly one of {', '.join(ROW_SOURCES)}",
            }
        )
    if body.rows is not None and body.action not in ROW_VALUES:
        errors.append(
            {
                "type": "value_error",
                "loc": ("body", "rows"),
                "input": None,
                "msg": "rows with values of their own are for "
                + ", ".join(ROW_VALUES)
                + ": give post_numbers",
            }
        )
    own = body.rows is not None or body.csv is not None or body.rerun_failed_of is not None
    needs = NEEDS[body.action] + (() if own else NEEDS_WITHOUT_OWN.get(body.action, ()))
    for name in needs:
        if getattr(body, name) in (None, ""):
            errors.append(
                {
                    "type": "missing",
                    "loc": ("body", name),
                    "input": None,
                    "msg": f"Field required to {body.action.replace('_', ' ')}",
                }
            )
    if errors:
        raise RequestValidationError(errors)


async def _within_approval_limit(hr: Hr, principal: Principal, rows: list[str]) -> None:
    """A bulk approval above the run limit is an HR manager's: refused whole, before any row
    (each row is still held to the per-post limit and separation of duties)."""

    def total() -> int:
        with hr.runtime.engine.connect() as connection:
            return annual_cost_of(connection, rows)

    refusal = hr.approval_policy.bulk_refusal(
        posts=len(rows), total=await asyncio.to_thread(total), role=principal.role
    )
    if refusal is not None:
        raise ApprovalNotAllowed(f"you may not run this bulk approval: {refusal}")


def _rows_of(hr: Hr, store: BulkRunStore, body: BulkTransfersIn) -> tuple[list[str], Values | None]:
    """The run's post numbers and, for actions whose rows may have their own, what each row
    asks (its values over the run's); `RowsRefused` (422, nothing claimed) naming each row
    that cannot be run as given."""
    numbers, values = _given_rows(hr, store, body)
    if body.action not in ROW_VALUES:
        return numbers, values
    run = RowValues(effective_date=body.effective_date, reason=body.reason)
    own = [row or RowValues() for row in values or [None] * len(numbers)]
    check_rows(body.action, numbers, own, run)
    return numbers, [row.over_run(run) for row in own]


def _given_rows(
    hr: Hr, store: BulkRunStore, body: BulkTransfersIn
) -> tuple[list[str], Values | None]:
    if body.post_numbers is not None:
        return body.post_numbers, None
    if body.rows is not None:
        own = [RowValues(**row.model_dump(exclude={"post_number"})) for row in body.rows]
        return [row.post_number for row in body.rows], list(own)
    if body.csv is not None and body.action in ROW_VALUES:
        run = RowValues(effective_date=body.effective_date, reason=body.reason)
        numbers, read = read_rows(body.csv, body.action, run)
        return numbers, list(read)
    if body.csv is not None:
        return read_post_numbers(body.csv), None
    if body.filter is not None:
        department, function = body.filter.department, body.filter.function
        with hr.runtime.engine.connect() as connection:
            return post_numbers_matching(connection, department, function), None
    assert body.rerun_failed_of is not None
    return store.failed_rows(body.rerun_failed_of)


async def _run(
    hr: Hr,
    request: Request,
    principal: Principal,
    body: BulkTransfersIn,
    run_id: str,
    rows: tuple[list[str], Values | None],
    already: dict[int, RowResult],
) -> list[RowResult]:
    today = hr.clock.today()
    options = BulkOptions(
        target_team=body.target_team,
        effective_date=body.effective_date,
        reason=body.reason,
        opened_on=body.opened_on or today,
        closes_by=body.closes_by,
        closed_on=body.closed_on or today,
        outcome=body.outcome or "",
        notes=body.notes,
        today=today,
        minimum_days=hr.consultation_minimum_days,
        decision=Decision(
            reference=body.decision_reference,
            decided_on=body.decision_date,
            maker=body.decision_maker,
        ),
        by=principal.user_id,
        role=principal.role,
        policy=hr.approval_policy,
    )
    context = hr.event_context(actor_of(principal), correlation_id_of(request))
    engine, relay = hr.runtime.engine, hr.runtime.relay
    loop = asyncio.get_running_loop()

    def progress(_done: int) -> None:
        # A chunk of rows was just committed: wake the relay to publish its events.
        if not body.simulate:
            loop.call_soon_threadsafe(relay.notify)

    def work() -> list[RowResult]:
        with ConnectionPerThread(engine, hr.master_key) as connections:
            return run_rows(
                lambda: connections.chunk(context, body.simulate, run_id),
                body.action,
                options,
                rows[0],
                progress,
                hr.bulk_workers,
                already,
                rows[1],
            )

    results = await asyncio.to_thread(work)
    relay.notify()
    return results
