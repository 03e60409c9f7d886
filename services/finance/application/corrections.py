"""A fact HR recorded about a post was corrected: Finance's record of the post follows, and
a transfer awaiting approval has its budget checked again against the corrected facts.

The choice (docs/audit-checks.md, *Corrections*): before approval nothing is held, so the
check is simply run again at the corrected cost and cost centre (HR approves on the latest
verdict). Once approved, money is held or moved from the cost centre the transfer started
from; HR refuses a cost-centre correction then (rescind or cancel first), and a corrected
cost changes Finance's record of the post, never money already held or moved (the move was
of the cost HR stated on the day; a wrong move is rescinded, which moves back the same
amounts).
"""

from __future__ import annotations

from dataclasses import replace

import structlog

from services.finance.application.checks import run_check
from services.finance.application.ports import BudgetBook
from services.finance.domain.transfer import Money
from shared.events.base import EventPayload
from shared.events.post_corrections import PostFactCorrected
from shared.persistence.outbox import NewEvent

log = structlog.get_logger(__name__)


def on_post_fact_corrected(book: BudgetBook, event: EventPayload) -> list[NewEvent]:
    """Apply the post's corrected values now in force; re-check a transfer not yet approved."""
    assert isinstance(event, PostFactCorrected)
    now = event.in_force
    post = book.post(event.post_number)
    if post is not None:
        book.save_post(
            replace(
                post,
                function=str(now.get("function", post.function)),
                department=str(now.get("department", post.department)),
                cost_centre=str(now.get("cost_centre", post.cost_centre)),
                annual_cost=int(now.get("annual_cost", post.annual_cost) or 0),
            )
        )
    transfer = book.transfer(event.live_transfer_id) if event.live_transfer_id else None
    if transfer is None:
        return []
    transfer.department = str(now.get("department", transfer.department))
    money = {"cost_centre", "annual_cost"} & set(now)
    if not money or transfer.money is not Money.CHECKED:
        book.save_transfer(transfer)
        return []
    transfer.cost_centre = str(now.get("cost_centre", transfer.cost_centre))
    transfer.annual_cost = int(now.get("annual_cost", transfer.annual_cost) or 0)
    log.info("finance.budget_rechecked_after_correction", transfer_id=transfer.transfer_id)
    return [run_check(book, transfer)]
