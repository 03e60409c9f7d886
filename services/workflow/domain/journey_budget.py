"""What Finance's post-budget facts do to a post's journey (folded after HR's, by transfer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from shared.events import finance
from shared.events.base import EventPayload

if TYPE_CHECKING:  # journey.py imports these steps at run time
    from services.workflow.domain.journey import Journey, PostFact


def _check_passed(journey: Journey, fact: PostFact) -> None:
    journey.budget_check, journey.budget_failure_reason = "passed", None


def _check_failed(journey: Journey, fact: PostFact) -> None:
    journey.budget_check, journey.budget_failure_reason = "failed", fact.payload["reason"]


def _budget_moved(journey: Journey, fact: PostFact) -> None:
    journey.budget_moved = True
    journey.budget_moved_amount = int(fact.payload["full_year_amount"])


def _budget_move_reversed(journey: Journey, fact: PostFact) -> None:
    journey.budget_moved, journey.budget_moved_amount = False, 0


# What each of Finance's post-budget events does to a journey; the rest are named in
# `BUDGET_IGNORED` with why (a test holds every event on `finance.budgets` to one of them).
BUDGET_STEPS: dict[type[EventPayload], Callable[[Journey, PostFact], None]] = {
    finance.BudgetCheckPassed: _check_passed,
    finance.BudgetCheckFailed: _check_failed,
    finance.BudgetMoved: _budget_moved,
    finance.BudgetMoveReversed: _budget_move_reversed,
}
BUDGET_IGNORED: dict[type[EventPayload], str] = {
    finance.BudgetReserved: "a reservation is on the timeline; the journey waits for the move",
    finance.BudgetReleased: "released money is on the timeline; the journey's stage says why",
}
