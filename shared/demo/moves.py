"""The demo "a year in": which posts have already moved, and when.

HR's and the programme office's posts are central from the start ("similar to the way our
HR and project management colleagues now operate"). Before the demo's today, an early-start
wave moved one department's finance posts into Central Finance: consulted on about 200 days
ago, approved by Cabinet 150 days ago, effective 90 days ago, budgets moved with them. The
department is the first whose finance budget line can fund every move, so each seed's
moves go through; HR, Finance and Workflow all read it from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from shared.demo.establishment import (
    department_cost_centre,
    frozen_cost_centres,
    under_funded_cost_centres,
)

FUNCTION: Final = "FIN"
DEPARTMENTS_IN_TURN: Final = ("ASCH", "CS", "CST")  # Place's finance posts are Wave 1's
CONSULTED_DAYS_AGO: Final = 200
CLOSED_DAYS_AGO: Final = 165
DECIDED_DAYS_AGO: Final = 150
EFFECTIVE_DAYS_AGO: Final = 90


@dataclass(frozen=True, kw_only=True)
class EarlyMoves:
    """The early-start wave's group of posts and its dates, counted back from today."""

    department: str
    function: str
    consulted_on: date
    consultation_closed_on: date
    decided_on: date
    effective_on: date

    @property
    def decision_reference(self) -> str:
        """The Cabinet decision the approvals rest on."""
        return f"CAB/{self.decided_on.year}/031"


def early_moves(seed: int, today: date) -> EarlyMoves:
    """The posts moved before the demo's today: a department's finance posts."""
    unfunded = frozen_cost_centres(seed) | under_funded_cost_centres(seed)
    department = next(
        (d for d in DEPARTMENTS_IN_TURN if department_cost_centre(d, FUNCTION) not in unfunded),
        DEPARTMENTS_IN_TURN[0],
    )
    return EarlyMoves(
        department=department,
        function=FUNCTION,
        consulted_on=today - timedelta(days=CONSULTED_DAYS_AGO),
        consultation_closed_on=today - timedelta(days=CLOSED_DAYS_AGO),
        decided_on=today - timedelta(days=DECIDED_DAYS_AGO),
        effective_on=today - timedelta(days=EFFECTIVE_DAYS_AGO),
    )
