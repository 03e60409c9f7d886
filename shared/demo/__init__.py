"""A seeded demo establishment of a county council: posts, cost centres, budgets, processes."""

from shared.demo.candidates import DEMO_PATHS, DemoCandidate, demo_candidates
from shared.demo.establishment import (
    ALREADY_CENTRAL,
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
from shared.demo.scope import OUT_OF_SCOPE_REASONS, out_of_scope_posts

__all__ = [
    "ALREADY_CENTRAL",
    "DEMO_PATHS",
    "OUT_OF_SCOPE_REASONS",
    "DemoBudgetLine",
    "DemoCandidate",
    "DemoCostCentre",
    "DemoPost",
    "DemoProcess",
    "budget_lines",
    "cost_centres",
    "demo_candidates",
    "frozen_cost_centres",
    "generate_posts",
    "generate_processes",
    "out_of_scope_posts",
    "under_funded_cost_centres",
]
