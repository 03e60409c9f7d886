"""Savings targets and realised savings per centralised team and financial year."""

from __future__ import annotations

from services.finance.domain.errors import InvalidRequest, NotFound
from services.finance.domain.financial_year import is_financial_year
from shared.reference import department_code, team_code


def central_team(name_or_code: str) -> str:
    """The centralised team's code, or `NotFound` naming what was asked for."""
    code = team_code(name_or_code)
    if code is None:
        raise NotFound(f"there is no centralised team called {name_or_code!r}")
    return code


def financial_year(name: str) -> str:
    """The financial year's name if well formed (e.g. '2026/27'), else `InvalidRequest`."""
    if not is_financial_year(name):
        raise InvalidRequest(f"{name!r} is not a financial year; write it like '2026/27'")
    return name


def department(name_or_code: str) -> str:
    """The department's code, or `NotFound` naming what was asked for."""
    code = department_code(name_or_code)
    if code is None:
        raise NotFound(f"there is no department called {name_or_code!r}")
    return code
