"""Loading cost centres and budget lines (for a council not using the demo establishment)."""

from __future__ import annotations

from services.finance.application.commands import LoadBudget
from services.finance.application.ports import BudgetBook
from services.finance.domain.budget import BudgetLine, CostCentre
from services.finance.domain.errors import InvalidRequest
from shared.records import record_from
from shared.reference import DEPARTMENTS, SUPPORT_FUNCTIONS


def load_budget(book: BudgetBook, command: LoadBudget) -> BudgetLine:
    """Create or change a cost centre and set its line's loaded budget; moves are kept."""
    if command.function not in SUPPORT_FUNCTIONS:
        raise InvalidRequest(f"there is no support function with code {command.function!r}")
    if command.owner != "CENTRAL" and command.owner not in DEPARTMENTS:
        raise InvalidRequest(f"owner must be a department code or CENTRAL, not {command.owner!r}")
    book.save_cost_centre(record_from(CostCentre, command))
    line = book.line(command.code, command.function) or BudgetLine(
        cost_centre=command.code, function=command.function, annual_budget=0
    )
    line.annual_budget = command.annual_budget
    book.save_line(line)
    return line
