"""HR's payroll export: the establishment changes effective in a pay period (or a date range),
as CSV or the fixed-width layout of docs/exports.md, rebuilt from HR's own record of events
on every call (so the same period gives the same file, whenever it is asked for)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from services.hr.adapters.post_history import post_history
from services.hr.domain.payroll import establishment_changes
from services.hr.domain.payroll_files import payroll_csv, payroll_fixed
from services.hr.entrypoints.context import hr_of
from shared.auth import Principal, require_role
from shared.export_http import ExportPeriod, attachment

router = APIRouter(tags=["exports"])
# Payroll sits in HR or in Finance; leads never (the file names every department's lines).
PayrollStaff = Annotated[Principal, Depends(require_role("hr_staff", "finance_staff"))]


@router.get("/exports/payroll")
async def payroll_export(
    request: Request,
    principal: PayrollStaff,  # before the period: who asks is checked before what they ask
    period: ExportPeriod,
    layout: Annotated[Literal["csv", "fixed"], Query(alias="format")] = "csv",
) -> Response:
    """The establishment changes payroll needs: post, old and new cost centre, reporting
    line, effective date, FTE. An empty period gives a valid file with no changes."""
    hr = hr_of(request)
    prefix = hr.runtime.settings.topic_prefix
    rows = await hr.read(lambda c: establishment_changes(post_history(c, prefix), period))
    name = f"payroll_{period.name}"
    if layout == "fixed":
        return attachment(payroll_fixed(rows, period.name), f"{name}.txt", "text/plain")
    return attachment(payroll_csv(rows), f"{name}.csv")
