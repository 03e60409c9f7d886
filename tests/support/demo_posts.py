"""The demo posts a test may move itself: those HR's demo leaves alone.

HR's demo starts transfers for three (department, function) groups, has moved a fourth
already (its early start, `shared/demo/moves.py`), registers HR's and PPM's posts already
central, and puts a few posts out of scope; proposing any of those again
would be refused, so tests and the reliability oracle move only the rest.
"""

from __future__ import annotations

from datetime import date

from services.hr.application.demo import DemoTransfers
from shared import demo
from shared.demo.moves import early_moves


def demo_transfer_groups() -> set[tuple[str, str]]:
    """The (department, function) groups whose transfers HR's demo starts."""
    plan = DemoTransfers()
    return {plan.proposed, plan.in_consultation, plan.consultation_closed}


def movable_demo_posts(seed: int, support_posts: int) -> list[demo.DemoPost]:
    """Demo posts in their department, in scope or undecided, with no transfer from the demo."""
    posts = list(demo.generate_posts(seed, support_posts))
    early = early_moves(seed, date.today())  # which department depends on the seed alone
    started = demo_transfer_groups() | {(early.department, early.function)}
    out_of_scope = demo.out_of_scope_posts(posts)
    return [
        p
        for p in posts
        if (p.department, p.function) not in started
        and p.team is None
        and p.post_number not in out_of_scope
    ]
