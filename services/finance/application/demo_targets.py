"""The demo's savings targets: for three financial years from this one, each central team's,
each department's and the programme's, building up as redesigns land (2%, 3.5% then 5% of
the support budgets they come from)."""

from __future__ import annotations

from datetime import date

from services.finance.application.commands import SetProgrammeSavingsTarget, SetSavingsTarget
from services.finance.application.ports import UnitOfWork
from services.finance.application.savings import set_programme_target, set_savings_target
from shared import demo
from shared.reference import DEPARTMENTS

BUILD_UP = (0.02, 0.035, 0.05)


def seed_demo_targets(uow: UnitOfWork, seed: int, support_posts: int, today: date) -> int:
    """Set the demo's targets; return how many were set."""
    by_function: dict[str, int] = {}
    by_department: dict[str, int] = {}
    for line in demo.budget_lines(seed, support_posts):
        by_function[line.function] = by_function.get(line.function, 0) + line.annual_budget
        department = line.cost_centre.split("-")[0]
        if department in DEPARTMENTS:
            by_department[department] = by_department.get(department, 0) + line.annual_budget
    start = today.year if today.month >= 4 else today.year - 1
    count = 0
    for offset, share in enumerate(BUILD_UP):
        year = f"{start + offset}/{(start + offset + 1) % 100:02d}"
        for team, budget in sorted(by_function.items()):
            set_savings_target(uow, SetSavingsTarget(team, year, _rounded(budget * share)))
        for department, budget in sorted(by_department.items()):
            target = SetProgrammeSavingsTarget(department, year, _rounded(budget * share))
            set_programme_target(uow, target)
        whole = _rounded(sum(by_function.values()) * share)
        set_programme_target(uow, SetProgrammeSavingsTarget(None, year, whole))
        count += len(by_function) + len(by_department) + 1
    return count


def _rounded(amount: float) -> int:
    return int(round(amount, -3))  # targets are set in thousands of pounds
