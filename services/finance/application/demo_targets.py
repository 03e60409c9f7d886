"""The demo's savings targets: for three financial years from this one, each central team's,
each department's and the programme's, building up as redesigns land (2%, 3.5% then 5% of
the support budgets they come from); and "a year in", savings partly realised this year by
the teams already central and by Central Finance after its early start."""

from __future__ import annotations

from datetime import date

from services.finance.application.commands import (
    RecordRealisedSavings,
    SetProgrammeSavingsTarget,
    SetSavingsTarget,
)
from services.finance.application.ports import UnitOfWork
from services.finance.application.savings import (
    record_realised_savings,
    set_programme_target,
    set_savings_target,
)
from shared import demo
from shared.reference import DEPARTMENTS

BUILD_UP = (0.02, 0.035, 0.05)
# Share of this year's target each team has realised by the demo's today, and what did it
# (the council's own words, ../shared/seeds).
REALISED: dict[str, tuple[float, str]] = {
    "HR": (0.55, "Completed a review of HR, restructuring the Service and implementing a new "
                 "centralised model of delivery across the Council"),
    "PPM": (0.45, "A centralised Programme Management Office with a one council view of the "
                  "totality of the current and future change work"),
    "FIN": (0.3, "Early start: finance colleagues in Central Finance, reducing duplication"),
}  # fmt: skip


def seed_demo_targets(uow: UnitOfWork, seed: int, support_posts: int, today: date) -> int:
    """Set the demo's targets; return how many were set."""
    by_function, by_department = _support_budgets(seed, support_posts)
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


def seed_demo_realised(uow: UnitOfWork, seed: int, support_posts: int, today: date) -> int:
    """Record the savings realised so far this financial year; return how many records."""
    by_function, _ = _support_budgets(seed, support_posts)
    start = today.year if today.month >= 4 else today.year - 1
    year = f"{start}/{(start + 1) % 100:02d}"
    for team, (share, description) in REALISED.items():
        amount = _rounded(by_function.get(team, 0) * BUILD_UP[0] * share)
        if amount > 0:
            record_realised_savings(uow, RecordRealisedSavings(
                team=team, financial_year=year, amount=amount, candidate_id=None,
                description=description,
            ))  # fmt: skip
    return len(REALISED)


def _support_budgets(seed: int, support_posts: int) -> tuple[dict[str, int], dict[str, int]]:
    """The demo's support budgets by function and by department."""
    by_function: dict[str, int] = {}
    by_department: dict[str, int] = {}
    for line in demo.budget_lines(seed, support_posts):
        by_function[line.function] = by_function.get(line.function, 0) + line.annual_budget
        department = line.cost_centre.split("-")[0]
        if department in DEPARTMENTS:
            by_department[department] = by_department.get(department, 0) + line.annual_budget
    return by_function, by_department


def _rounded(amount: float) -> int:
    return int(round(amount, -3))  # targets are set in thousands of pounds
