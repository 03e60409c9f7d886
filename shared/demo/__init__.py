"""A seeded demo establishment of a county council: posts, cost centres, budgets, processes."""

from shared.demo.establishment import (
    DemoBudgetLine,
    DemoCostCentre,
    DemoPost,
    budget_lines,
    cost_centres,
    frozen_cost_centres,
    generate_posts,
    under_funded_cost_centres,
)
from shared.demo.processes import DemoProcess, generate_processes

__all__ = [
    "DemoBudgetLine",
    "DemoCostCentre",
    "DemoPost",
    "DemoProcess",
    "budget_lines",
    "cost_centres",
    "frozen_cost_centres",
    "generate_posts",
    "generate_processes",
    "under_funded_cost_centres",
]
