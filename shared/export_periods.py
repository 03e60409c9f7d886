"""The period an export covers: a pay period (a calendar month, `2027-04`) or a date range.
Pure; HR's payroll export and Finance's ledger journal both read it."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
LONGEST = timedelta(days=366 * 2)  # a bigger range is a mistake, not an export


class PeriodRefused(ValueError):
    """The period asked for is not one an export can cover."""


@dataclass(frozen=True, slots=True)
class Period:
    """First and last day, both included."""

    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def name(self) -> str:
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def period_of(month: str | None, start: date | None = None, end: date | None = None) -> Period:
    """The pay period `month` (YYYY-MM), or the range `start`..`end`; one or the other."""
    if month is not None:
        if start is not None or end is not None:
            raise PeriodRefused("give a pay period (e.g. 2027-04) or a date range, not both")
        found = _MONTH.match(month.strip())
        if found is None or not 1 <= int(found.group(2)) <= 12:
            raise PeriodRefused(f"{month!r} is not a pay period: write it as YYYY-MM, e.g. 2027-04")
        year, number = int(found.group(1)), int(found.group(2))
        last = calendar.monthrange(year, number)[1]
        return Period(date(year, number, 1), date(year, number, last))
    if start is None or end is None:
        raise PeriodRefused("give a pay period (e.g. 2027-04), or both a from and a to date")
    if end < start:
        raise PeriodRefused(f"the range ends ({end}) before it starts ({start})")
    if end - start > LONGEST:
        raise PeriodRefused("a date range may cover at most two years")
    return Period(start, end)
