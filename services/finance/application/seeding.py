"""Seed the books from the shared demo establishment, so Finance agrees with HR's demo.

Each department line funds the posts `shared.demo` puts on it (with headroom, or short
for the few under-funded ones); central lines start at £0 and grow as budgets move in.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import structlog

from services.finance.application.demo_targets import seed_demo_realised, seed_demo_targets
from services.finance.application.ports import UnitOfWork
from services.finance.application.redesign import OWNER
from services.finance.domain.budget import BudgetLine, CostCentre
from services.finance.domain.transfer import RegisteredPost
from shared import demo
from shared.records import record_from
from shared.redesign.commands import RegisterProcess
from shared.redesign.publishing import register_process, seed_demo_candidates

log = structlog.get_logger(__name__)


def seed_demo(uow: UnitOfWork, seed: int, support_posts: int, today: date | None = None) -> bool:
    """Fill empty books from the demo establishment; return False if they were not empty."""
    if uow.book.any_cost_centre():
        return False
    for centre in demo.cost_centres(seed):
        uow.book.save_cost_centre(record_from(CostCentre, centre))
    for line in demo.budget_lines(seed, support_posts):
        uow.book.save_line(record_from(BudgetLine, line))
    uow.book.add_posts(
        [record_from(RegisteredPost, p) for p in demo.generate_posts(seed, support_posts)]
    )
    processes = [p for p in demo.generate_processes(seed) if p.function == OWNER.function]
    for process in processes:
        register_process(OWNER, uow, record_from(RegisterProcess, process))
    candidates = seed_demo_candidates(OWNER, uow, seed)
    today = today or datetime.now(UTC).date()
    targets = seed_demo_targets(uow, seed, support_posts, today)
    seed_demo_realised(uow, seed, support_posts, today)  # "a year in"
    log.info(
        "finance.demo_seeded",
        posts=support_posts,
        processes=len(processes),
        candidates=candidates,
        targets=targets,
    )
    return True
