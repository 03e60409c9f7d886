"""HR's HTTP API for personal data: subject access, erasure, and the retention schedule.

HR staff only: subject access opens what the log holds sealed, and erasure cannot be
undone. Nothing here logs or publishes a person's data; erasure publishes only the id of
the key destroyed.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from pydantic import Field

from services.hr.adapters.subject_access import subject_access
from services.hr.application.personal_data import (
    EraseEmployeeData,
    Erasure,
    erase_employee_data,
    purge_past_retention,
)
from services.hr.domain.errors import EmployeeNotKnown
from services.hr.entrypoints.context import HrStaff, hr_of, run_command
from services.hr.entrypoints.schemas import Strict
from shared.free_text import HonestText

router = APIRouter(tags=["personal data"])
EmployeeRef = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9-]+$")]


class ErasureIn(Strict):
    request_reference: HonestText = Field(
        min_length=1, max_length=60, description="The council's case number for the request."
    )


def erasure_view(erasure: Erasure) -> dict[str, Any]:
    return {**asdict(erasure), "erased_on": erasure.erased_on.isoformat()}


@router.get("/employees/{employee_ref}/personal-data")
async def personal_data(employee_ref: EmployeeRef, request: Request, _: HrStaff) -> dict[str, Any]:
    """Subject access: everything HR holds about the employee, with what the log holds
    sealed for them opened."""
    hr = hr_of(request)
    found = await hr.read(lambda c: subject_access(c, hr.master_key, employee_ref))
    if found is None:
        raise EmployeeNotKnown(employee_ref)
    return found


@router.post("/employees/{employee_ref}/erasure")
async def erase(
    employee_ref: EmployeeRef, body: ErasureIn, request: Request, principal: HrStaff
) -> dict[str, Any]:
    """Erase the employee's personal data: scrubbed from HR's tables, their key destroyed
    (the log's sealed fields can never be read again), each post stream told."""
    command = EraseEmployeeData(
        employee_ref=employee_ref,
        today=hr_of(request).clock.today(),
        request_reference=body.request_reference,
    )
    erasure = await run_command(request, principal, lambda uow: erase_employee_data(uow, command))
    return erasure_view(erasure)


@router.post("/personal-data/purge")
async def purge(request: Request, principal: HrStaff) -> dict[str, Any]:
    """Apply the retention schedule now (the scheduler does it daily): note who holds no
    post, erase leavers past their period, clear old bulk runs' typed values."""
    hr = hr_of(request)
    today = hr.clock.today()
    done = await run_command(
        request, principal, lambda uow: purge_past_retention(uow, hr.retention, today)
    )
    return {
        "newly_left": done.newly_left,
        "erased": [erasure_view(erasure) for erasure in done.erased],
        "bulk_runs_cleared": done.bulk_runs_cleared,
    }
