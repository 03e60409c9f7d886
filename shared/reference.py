"""Reference data every service agrees on: departments, support functions, centralised teams.

These are names in the council's own words (see ../shared/seeds). They are schema-level
facts, like topic names, so they live in `shared/` rather than in any one service.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

DEPARTMENTS: Final[dict[str, str]] = {
    "ASCH": "Adult Social Care and Health",
    "CS": "Children's Services",
    "PLACE": "Place",
    "CST": "Corporate Services and Transformation",
}

SUPPORT_FUNCTIONS: Final[dict[str, str]] = {
    "HR": "HR",
    "FIN": "Finance",
    "ICT": "ICT and Digital",
    "COMMS": "Communications",
    "POL": "Policy and Research",
    "PROC": "Procurement",
    "BUS": "Business Support",
    "PPM": "Programme and Project Management",
}

# One centralised team per support function, keyed by the function's code.
CENTRAL_TEAMS: Final[dict[str, str]] = {
    "HR": "Central HR",
    "FIN": "Central Finance",
    "ICT": "Central ICT and Digital",
    "COMMS": "Central Communications",
    "POL": "Central Policy and Research",
    "PROC": "Central Procurement",
    "BUS": "Central Business Support",
    "PPM": "Central Programme Management Office",
}


def department_code(name_or_code: str) -> str | None:
    """Return the department code for a code or a full name (case-insensitive), else None."""
    return _code_in(DEPARTMENTS, name_or_code)


def function_code(name_or_code: str) -> str | None:
    """Return the support-function code for a code or a full name, else None."""
    return _code_in(SUPPORT_FUNCTIONS, name_or_code)


def team_code(name_or_code: str) -> str | None:
    """Return the centralised team code (= its function code) for a code or a team name."""
    return _code_in(CENTRAL_TEAMS, name_or_code)


def _code_in(names: Mapping[str, str], name_or_code: str) -> str | None:
    wanted = name_or_code.strip().casefold()
    for code, name in names.items():
        if wanted in (code.casefold(), name.casefold()):
            return code
    return None


def central_cost_centre(function: str) -> str:
    """The central team's cost centre for a function, e.g. CEN-FIN-01: where Finance moves a
    post's budget, and so where payroll charges the post once it has moved."""
    return f"CEN-{function}-01"
