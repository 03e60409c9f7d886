"""What HR's and Finance's export routes share: the period asked for (`?period=2027-04`, or
`?from=...&to=...`), refused with the reason when it is not one, and the file sent back as a
download."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, HTTPException, Query
from fastapi.responses import Response

from shared.export_periods import Period, PeriodRefused, period_of


def _period(
    period: Annotated[str | None, Query(description="Pay period, YYYY-MM, e.g. 2027-04.")] = None,
    start: Annotated[date | None, Query(alias="from", description="First day of a range.")] = None,
    end: Annotated[date | None, Query(alias="to", description="Last day of a range.")] = None,
) -> Period:
    try:
        return period_of(period, start, end)
    except PeriodRefused as refused:
        raise HTTPException(422, str(refused)) from None


ExportPeriod = Annotated[Period, Depends(_period)]


def attachment(body: str, filename: str, media_type: str = "text/csv") -> Response:
    """The file as a download named `filename`."""
    return Response(
        content=body.encode(),
        media_type=f"{media_type}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
