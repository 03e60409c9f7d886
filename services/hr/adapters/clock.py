"""HR's idea of today: the real date, or a fixed one that tests and demos set."""

from __future__ import annotations

from datetime import date


class Clock:
    """`today()` is the real date unless a date was fixed with `set`."""

    def __init__(self, fixed: date | None = None) -> None:
        self._fixed = fixed

    def today(self) -> date:
        return self._fixed or date.today()

    def set(self, fixed: date | None) -> None:
        """Fix today's date (None: back to the real one)."""
        self._fixed = fixed
