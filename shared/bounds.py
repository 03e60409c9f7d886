"""The bounds of every kind of value, shared by the API models and the event schemas.

An API that accepts a value its own events' consumers refuse lets a request through that
ends as a dead letter (an effective date of 0001-01-01 went through HR's whole lifecycle,
then Finance could not work out its financial year). So each kind of value is declared once,
here, and both sides use it: what an API accepts, every consumer can apply.

- **Dates** lie in the programme's window: none before 2000 (no record of this programme is
  older) nor after 2099. Order between dates (an effective date after the proposal, a
  consultation not before the post existed) is the domain's rule, not a bound.
- **Post numbers** are ASCII digits: a regex digit class also takes Arabic-Indic or Thai digits,
  which HR would otherwise register as a post no officer can type or find.
- **Numbers are strict**: `true` is not 1, `"3"` is not 3, 3.5 is not a whole number of pounds.
- **Money** is whole pounds up to £10bn (a county's whole budget is well under); **volumes**
  (cases a year) up to 100 million; **FTE** above 0 and at most 1.5; **percentages** 0–100;
  **minutes** a case up to 100,000; **hours** a year up to a billion (a million full-time
  staff). No number is infinite or not-a-number: Python's JSON writes `Infinity`, which is
  not JSON, and an HTTP answer holding it cannot be written at all (a 500).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Final

from pydantic import Field

EARLIEST: Final = date(2000, 1, 1)
LATEST: Final = date(2099, 12, 31)
MOST_MONEY: Final = 10_000_000_000
MOST_CASES: Final = 100_000_000
MOST_MINUTES: Final = 100_000
MOST_HOURS: Final = 1_000_000_000

PostNumber = Annotated[
    str, Field(pattern=r"^[0-9]{3,10}$", description="Post number, 3 to 10 digits (0-9).")
]
CouncilDate = Annotated[
    date, Field(ge=EARLIEST, le=LATEST, description="A date from 2000-01-01 to 2099-12-31.")
]
Pounds = Annotated[
    int, Field(strict=True, ge=0, le=MOST_MONEY, description="Whole pounds, 0 to £10bn.")
]
Fte = Annotated[
    float,
    Field(strict=True, gt=0, le=1.5, description="Full-time equivalent, above 0, at most 1.5."),
]
Percent = Annotated[float, Field(strict=True, ge=0, le=100, description="0 to 100.")]
CasesPerYear = Annotated[
    int, Field(strict=True, ge=0, le=MOST_CASES, description="Cases a year, up to 100 million.")
]
MinutesPerCase = Annotated[
    float,
    Field(strict=True, ge=0, le=MOST_MINUTES, allow_inf_nan=False, description="0 to 100,000."),
]
HoursPerYear = Annotated[
    float,
    Field(
        strict=True, ge=0, le=MOST_HOURS, allow_inf_nan=False, description="0 to a billion hours."
    ),
]
