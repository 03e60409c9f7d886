"""The GOV.UK date input: three boxes (day, month, year) read into one date or an error."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date


def read_date(form: Mapping[str, str], name: str, label: str) -> tuple[date | None, str | None]:
    """The date in `<name>-day/-month/-year`, or None and an error in plain words."""
    parts = [str(form.get(f"{name}-{part}", "")).strip() for part in ("day", "month", "year")]
    if not any(parts):
        return None, f"Enter {label}"
    missing = [
        word for word, value in zip(("day", "month", "year"), parts, strict=True) if not value
    ]
    if missing:
        return None, f"{label.capitalize()} must include a {' and '.join(missing)}"
    try:
        day, month, year = (int(value) for value in parts)
        if year < 1000:
            raise ValueError
        return date(year, month, day), None
    except ValueError:
        return None, f"{label.capitalize()} must be a real date"
