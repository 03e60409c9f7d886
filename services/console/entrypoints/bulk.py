"""Bulk changes from a CSV: simulate first, show every row's result, then run in chunks.

HR's bulk API answers each request when all its rows are done. The console sends a run in
chunks (CONSOLE_BULK_CHUNK rows each, one idempotency key per chunk): without JavaScript
one request does every chunk and then shows the result; with JavaScript the browser sends
chunk after chunk and shows progress. Both end on the same result page.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from services.console.application.bulk_csv import UnreadableCsv, read_post_numbers
from services.console.application.bulk_plan import BULK_ACTIONS, bulk_options, combined
from services.console.application.refusals import FieldError
from services.console.entrypoints.session import (
    HrStaff,
    User,
    checked_form,
    console_of,
    render,
    texts,
)
from shared.chunks import chunks
from shared.reference import CENTRAL_TEAMS

router = APIRouter(include_in_schema=False)
MAX_BYTES = 2_000_000


@router.get("/bulk")
async def bulk_form(request: Request, _user: HrStaff) -> Response:
    return _form(request, {}, [])


@router.post("/bulk/simulate")
async def simulate(request: Request, user: HrStaff) -> Response:
    """Check every row with HR (nothing kept) and show what a run would do."""
    form = await checked_form(request)
    values = texts(form)
    options, errors = bulk_options(values)
    upload = form.get("csv_file")
    post_numbers: list[str] = []
    bad_lines: list[Any] = []
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise UnreadableCsv("Select a CSV file of post numbers")
        raw = await upload.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise UnreadableCsv("The file must be smaller than 2MB")
        post_numbers, bad_lines = read_post_numbers(raw.decode("utf-8-sig", errors="replace"))
    except UnreadableCsv as problem:
        errors.insert(0, FieldError("csv_file", str(problem)))
    if errors:
        return _form(request, values, errors, status=400)
    report: dict[str, Any] = {"totals": {"rows": 0, "done": 0, "refused": 0, "error": 0}}
    report["rows"] = []
    if post_numbers:
        report = await _send(
            request, user, options | {"simulate": True}, post_numbers, str(uuid.uuid4())
        )
    return render(
        request,
        "bulk_simulated.html",
        title="Check the results before you run",
        simulated=True,
        action_words=BULK_ACTIONS[options["action"]],
        report=report,
        bad_lines=bad_lines,
        values=values,
        post_numbers=",".join(post_numbers),
        batch=str(uuid.uuid4()),
        chunk_count=len(list(chunks(post_numbers, _chunk(request)))),
    )


@router.post("/bulk/run")
async def run(request: Request, user: HrStaff) -> Response:
    """Without JavaScript: send every chunk now, then show the combined result."""
    values = texts(await checked_form(request))
    options, post_numbers, batch = _planned(values)
    run_ids = []
    for index, rows in enumerate(chunks(post_numbers, _chunk(request))):
        report = await _send(request, user, options, rows, f"{batch}-{index}")
        run_ids.append(report["run_id"])
    return RedirectResponse(f"/bulk/result?runs={','.join(run_ids)}", status_code=303)


@router.post("/bulk/run-chunk")
async def run_chunk(request: Request, user: HrStaff) -> Response:
    """With JavaScript: send one chunk; the page shows progress and moves on."""
    values = texts(await checked_form(request))
    options, post_numbers, batch = _planned(values)
    planned = list(chunks(post_numbers, _chunk(request)))
    index = int(values.get("chunk", "0") or 0)
    if not 0 <= index < len(planned):
        raise HTTPException(400, "there is no such chunk in this run")
    report = await _send(request, user, options, planned[index], f"{batch}-{index}")
    done = sum(len(rows) for rows in planned[: index + 1])
    return JSONResponse(
        {
            "run_id": report["run_id"],
            "done": done,
            "rows": len(post_numbers),
            "chunks": len(planned),
            "totals": report["totals"],
        }
    )


@router.get("/bulk/result")
async def result(request: Request, user: HrStaff, runs: str = "") -> Response:
    hr = console_of(request).services.hr
    run_ids = [run_id for run_id in runs.split(",") if run_id][:1000]
    reports = [await hr.get(user.token, f"/bulk/transfers/{run_id}") for run_id in run_ids]
    action = reports[0]["action"] if reports else ""
    return render(
        request,
        "bulk_result.html",
        title="Bulk change result",
        simulated=False,
        report=combined(reports),
        action_words=BULK_ACTIONS.get(action, action),
    )


def _planned(values: dict[str, str]) -> tuple[dict[str, Any], list[str], str]:
    options, errors = bulk_options(values)
    post_numbers = [number for number in values.get("post_numbers", "").split(",") if number]
    batch = values.get("batch", "")
    if errors or not post_numbers or not batch:
        raise HTTPException(400, "this bulk change is incomplete: upload the file again")
    return options, post_numbers, batch


async def _send(
    request: Request, user: User, options: dict[str, Any], rows: list[str], key: str
) -> Any:
    hr = console_of(request).services.hr
    return await hr.post(
        user.token,
        "/bulk/transfers",
        options | {"post_numbers": rows},
        headers={"Idempotency-Key": key},
    )


def _chunk(request: Request) -> int:
    return console_of(request).settings.console_bulk_chunk


def _form(
    request: Request, values: dict[str, str], errors: list[FieldError], status: int = 200
) -> Response:
    return render(
        request,
        "bulk.html",
        status,
        title="Bulk changes from a file",
        values=values,
        errors=errors,
        actions=list(BULK_ACTIONS.items()),
        teams=list(CENTRAL_TEAMS.items()),
    )
