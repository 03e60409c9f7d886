"""Finance's side of the transfer saga: one verb function per HR event, routed by a dict.

Each handler reads the books, decides, changes them and returns the events to publish.
An event that makes no sense in the transfer's current state (approved after a failed
check, cancelled after the move, the same transfer proposed twice) changes nothing and
is logged, so redelivery and out-of-order delivery are harmless.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import structlog

from services.finance.application.checks import (
    on_cost_changed,
    on_effective_date_changed,
    on_transfer_proposed,
)
from services.finance.application.corrections import on_post_fact_corrected
from services.finance.application.endings import on_post_disestablished
from services.finance.application.money import (
    on_transfer_approved,
    on_transfer_effective,
    on_transfer_ended,
    on_transfer_rescinded,
)
from services.finance.application.ports import BudgetBook, Savings
from services.finance.domain.transfer import RegisteredPost
from shared.events import hr
from shared.events.base import EventPayload
from shared.events.erasure import EmployeeDataErased
from shared.events.post_corrections import PostFactCorrected
from shared.persistence.outbox import NewEvent
from shared.records import record_from

log = structlog.get_logger(__name__)
Handler = Callable[[BudgetBook, EventPayload], list[NewEvent]]
SavingsHandler = Callable[[BudgetBook, Savings, EventPayload], list[NewEvent]]


def on_post_registered(book: BudgetBook, event: EventPayload) -> list[NewEvent]:
    assert isinstance(event, hr.PostRegistered)
    book.save_post(record_from(RegisteredPost, event))
    return []


def on_post_updated(book: BudgetBook, event: EventPayload) -> list[NewEvent]:
    assert isinstance(event, hr.PostUpdated)
    post = book.post(event.post_number)
    if post is None:
        log.warning("finance.post_update_for_unknown_post", post_number=event.post_number)
        return []
    book.save_post(
        replace(
            post,
            cost_centre=event.cost_centre or post.cost_centre,
            annual_cost=post.annual_cost if event.annual_cost is None else event.annual_cost,
        )
    )
    return on_cost_changed(book, event)


HANDLERS: dict[type[EventPayload], Handler] = {
    hr.PostRegistered: on_post_registered,
    hr.PostUpdated: on_post_updated,
    hr.TransferProposed: on_transfer_proposed,
    hr.EffectiveDateChanged: on_effective_date_changed,
    hr.TransferApproved: on_transfer_approved,
    hr.TransferEffective: on_transfer_effective,
    hr.TransferCancelled: on_transfer_ended,
    hr.TransferRejected: on_transfer_ended,
    hr.TransferRescinded: on_transfer_rescinded,
    PostFactCorrected: on_post_fact_corrected,
}
# HR events that book savings as well as change the books.
SAVINGS_HANDLERS: dict[type[EventPayload], SavingsHandler] = {
    hr.PostDisestablished: on_post_disestablished,
}
# HR events the saga reads and deliberately leaves alone (a test holds every event on
# `hr.posts` to being handled above or named here).
IGNORED: dict[type[EventPayload], str] = {
    hr.ConsultationOpened: "no money moves while staff are consulted",
    hr.ConsultationClosed: "the budget is checked at proposal and moved when effective",
    hr.PostScopeProposed: "scope decides whether a post may be proposed; HR refuses it there",
    hr.PostScopeAgreed: "a lead's agreement on scope moves no money",
    hr.PostScopeChallenged: "a lead's challenge on scope moves no money",
    hr.ReportingLineChanged: "whom a post reports to moves no money; its cost centre does",
    hr.TeamHeadNamed: "naming a team's head moves no money",
    hr.PostChangeScheduled: "a future-dated change counts when HR applies it (PostUpdated)",
    hr.PostMarkedAtRisk: "an at-risk post is still paid for until it is disestablished",
    EmployeeDataErased: "Finance reads no personal field: an erased key changes no money",
}


def handle(
    book: BudgetBook, payload: EventPayload, savings: Savings | None = None
) -> list[NewEvent]:
    """Apply one HR event to the books (and the savings ledger, for the events that book a
    saving); the events in `IGNORED` change nothing."""
    booking = SAVINGS_HANDLERS.get(type(payload))
    if booking is not None:
        assert savings is not None, "the consumer hands its savings ledger over"
        return booking(book, savings, payload)
    handler = HANDLERS.get(type(payload))
    return handler(book, payload) if handler else []
