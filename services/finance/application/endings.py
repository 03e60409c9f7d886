"""A disestablished post's budget is given up as its candidate's saving.

HR ends a post only for a delivered candidate that claims it. Finance then books the post's
full-year cost, once, both as the candidate's realised saving (`SavingsRealised`) and as a
reduction of the line the post's budget sits on (`CentralBudgetReduced`, the central team's
line once the post moved): the same pounds, in the same transaction, so savings and budget
reductions cannot disagree. A line gives up no more than it has left after reservations and
earlier reductions (an officer may already have given the same money up for the candidate):
what it has not is not saved twice.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import structlog

from services.finance.application.ports import BudgetBook, Savings
from services.finance.application.savings import Reduction, reduce_line
from services.finance.domain.financial_year import financial_year_of
from shared.events import finance as out
from shared.events import hr
from shared.events.base import EventPayload
from shared.persistence.outbox import NewEvent

log = structlog.get_logger(__name__)


def on_post_disestablished(
    book: BudgetBook, savings: Savings, event: EventPayload
) -> list[NewEvent]:
    """Give the ended post's budget up from its line, as the candidate's saving."""
    assert isinstance(event, hr.PostDisestablished)
    post = book.post(event.post_number)
    cost_centre = post.cost_centre if post else event.cost_centre
    cost = post.annual_cost if post else event.annual_cost
    if post is not None:  # it ends: it no longer counts against its line, nor is saved again
        book.save_post(replace(post, annual_cost=0))
    line = book.line(cost_centre, event.function)
    already = savings.reduced(cost_centre, event.function)
    amount = min(cost, max(line.current - line.reserved - already, 0) if line else 0)
    if amount <= 0:
        log.warning("finance.nothing_left_to_give_up", post_number=event.post_number,
                    cost_centre=cost_centre, annual_cost=cost)  # fmt: skip
        return []
    year = financial_year_of(event.effective_date)
    words = f"post {event.post_number} disestablished from {event.effective_date:%d %B %Y}"
    realised = out.SavingsRealised(
        team=event.team, financial_year=year, amount=amount, candidate_id=event.candidate_id,
        description=words, post_number=event.post_number,
    )  # fmt: skip
    savings.add_realised(realised.model_dump(exclude={"post_number"}), datetime.now(UTC))
    reduction = Reduction(
        team=event.team, financial_year=year, cost_centre=cost_centre, function=event.function,
        amount=amount, candidate_id=event.candidate_id, post_number=event.post_number,
    )  # fmt: skip
    return [
        NewEvent(payload=realised, aggregate_id=event.team),
        reduce_line(savings, reduction),
    ]
