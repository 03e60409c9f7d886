"""How long HR keeps each kind of personal data (docs/personal-data.md, *Retention*).

Council policy, so configurable; the defaults follow common local-government schedules:
a leaver's personnel details six years after employment ends, a bulk run's typed values
(reasons, dates per row, kept so the run can be resumed or rerun) one year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

# Six years as days: 6 × 365 and two leap days, so never less than six calendar years.
LEAVER_DAYS: Final = 6 * 365 + 2
BULK_VALUES_DAYS: Final = 365


@dataclass(frozen=True, slots=True, kw_only=True)
class RetentionSchedule:
    """The retention periods HR enforces on its own tables."""

    leaver_days: int = LEAVER_DAYS
    bulk_values_days: int = BULK_VALUES_DAYS

    def leaver_due(self, left_on: date, today: date) -> bool:
        """True once a leaver's personal data is past its retention period."""
        return today >= left_on + timedelta(days=self.leaver_days)

    def bulk_values_before(self, today: date) -> date:
        """Bulk runs finished before this day have outlived their typed values."""
        return today - timedelta(days=self.bulk_values_days)
