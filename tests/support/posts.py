"""The one sample post: as HR staff register it through the API, as HR's command, and the
fields of HR's `PostRegistered` event (see `tests.support.events.registered`)."""

from __future__ import annotations

from typing import Any

from services.hr.application.commands import RegisterPost

SAMPLE_POST: dict[str, Any] = {
    "post_number": "10423",
    "title": "Finance Officer",
    "grade": "Grade 7",
    "fte": 1.0,
    "function": "FIN",
    "department": "CS",
    "cost_centre": "CS-FIN-01",
    "annual_cost": 41_000,
    "employee_ref": "E00001",
    "employee_name": "Jo Bloggs",
    "employee_email": "jo@example.org",
}


def a_post(number: str = "10423", **changes: Any) -> dict[str, Any]:
    """The sample post under another number (and its own employee), with any changes."""
    return {**SAMPLE_POST, "post_number": number, "employee_ref": f"E{number}", **changes}


def register_post(number: str = "10423", **changes: Any) -> RegisterPost:
    """HR's command registering the sample post under this number."""
    return RegisterPost(**a_post(number, **changes))
