"""Finance's side of the transfer saga: one verb function per HR event, routed by a dict.

Each handler reads the books, decides, changes them and returns the events to publish.
An event that makes no sense in the transfer's current state (approved after a failed
check, cancelled after the move, the same transfer proposed twice) changes nothing and
is logged, so redelivery and out-of-order delivery are harmless.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import structlog

from services.finance.application.ports import BudgetBook
from services.finance.domain.budget import BudgetLine, CostCentre, central_cost_centre
from services.finance.domain.budget import check_budget as decide_check
from services.finance.domain.financial_year import financial_year_of, pro_rate
from services.finance.domain.transfer import BudgetTransfer, RegisteredPost
from shared.events import finance as out
from shared.events import hr
from shared.events.base import EventPayload
from shared.persistence.outbox import NewEvent
from shared.reference import CENTRAL_TEAMS

log = structlog.get_logger(__name__)
Handler = Callable[[BudgetBook, EventPayload], list[NewEvent]]


def on_post_registered(book: BudgetBook, event: EventPayload) -> list[NewEvent]:
    assert isinstance(event, hr.PostRegistered)
    book.save_post(
        RegisteredPost(
            event.post_number,
            event.function,
            event.department,
            event.cost_centre,
            event.annual_cost,
        )
    )
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
    return []


def on_transfer_proposed(book: BudgetBook, event: EventPayload) -> list[NewEvent]:
    """Check the post is funded by its department's line; say passed or failed, and why."""
    assert isinstance(event, hr.TransferProposed)
    if book.transfer(event.transfer_id) is not None:
        log.info("finance.transfer_already_checked", transfer_id=event.transfer_id)
        return []
    line = book.line(event.cost_centre, event.function)
    others = book.other_posts_cost(event.cost_centre, event.function, event.post_number)
    check = decide_check(
        event.post_number,
        event.function,
        event.annual_cost,
        event.cost_centre,
        book.cost_centre(event.cost_centre),
        line,
        others,
    )
    book.save_transfer(
        BudgetTransfer(
            event.transfer_id,
            event.post_number,
            event.function,
            event.from_department,
            event.cost_centre,
            event.annual_cost,
            event.target_team,
            event.effective_date,
            check.passed,
            check.reason,
        )
    )
    payload: EventPayload
    if check.passed:
        payload = out.BudgetCheckPassed(
            post_number=event.post_number,
            transfer_id=event.transfer_id,
            cost_centre=event.cost_centre,
            annual_cost=event.annual_cost,
            headroom=check.headroom,
        )
    else:
        assert check.reason_code is not None
        payload = out.BudgetCheckFailed(
            post_number=event.post_number,
            transfer_id=event.transfer_id,
            cost_centre=event.cost_centre,
            reason_code=check.reason_code,
            reason=check.reason,
        )
    return [_budget_event(payload, event.from_department)]


def on_effective_date_changed(book: BudgetBook, event: EventPayload) -> list[NewEvent]:
    assert isinstance(event, hr.EffectiveDateChanged)
    transfer = book.transfer(event.transfer_id)
    if transfer is not None:
        transfer.effective_date = event.effective_date
        book.save_transfer(transfer)
    return []


def on_transfer_approved(book: BudgetBook, event: EventPayload) -> list[NewEvent]:
    """Hold the post's full-year cost on the department's line."""
    assert isinstance(event, hr.TransferApproved)
    transfer = book.transfer(event.transfer_id)
    if transfer is None or not transfer.reserve():
        log.warning(
            "finance.reservation_refused",
            transfer_id=event.transfer_id,
            why="unknown transfer" if transfer is None else transfer.check_reason,
            money=None if transfer is None else transfer.money.value,
        )
        return []
    line = _line(book, transfer.cost_centre, transfer.function)
    line.reserve(transfer.reserved_amount)
    book.save_line(line)
    book.save_transfer(transfer)
    payload = out.BudgetReserved(
        post_number=transfer.post_number,
        transfer_id=transfer.transfer_id,
        cost_centre=transfer.cost_centre,
        amount=transfer.reserved_amount,
    )
    return [_budget_event(payload, transfer.department)]


def on_transfer_effective(book: BudgetBook, event: EventPayload) -> list[NewEvent]:
    """Move the post's budget to the central team's cost centre, pro-rated for this year."""
    assert isinstance(event, hr.TransferEffective)
    transfer = book.transfer(event.transfer_id) or _transfer_from(event)
    amount = event.annual_cost
    this_year = pro_rate(amount, event.effective_date)
    held = transfer.move(amount, this_year)
    if held is None:
        log.info("finance.transfer_already_moved", transfer_id=event.transfer_id)
        return []
    source = _line(book, transfer.cost_centre, transfer.function)
    source.move_out(amount, held)
    target_code = central_cost_centre(transfer.function)
    target = _line(book, target_code, transfer.function, central=True)
    target.move_in(amount)
    for line in (source, target):
        book.save_line(line)
    book.save_transfer(transfer)
    post = book.post(event.post_number)
    if post is not None:
        book.save_post(replace(post, cost_centre=target_code))
    payload = out.BudgetMoved(
        post_number=event.post_number,
        transfer_id=event.transfer_id,
        from_cost_centre=transfer.cost_centre,
        to_cost_centre=target_code,
        effective_date=event.effective_date,
        financial_year=financial_year_of(event.effective_date),
        full_year_amount=amount,
        amount_this_year=this_year,
    )
    return [_budget_event(payload, event.from_department, event.effective_date)]


def on_transfer_ended(book: BudgetBook, event: EventPayload) -> list[NewEvent]:
    """Cancelled or rejected: give back any reservation."""
    assert isinstance(event, hr.TransferCancelled | hr.TransferRejected)
    transfer = book.transfer(event.transfer_id)
    amount = transfer.release() if transfer is not None else 0
    if transfer is None or amount == 0:
        log.info("finance.nothing_to_release", transfer_id=event.transfer_id)
        if transfer is not None:
            book.save_transfer(transfer)
        return []
    line = _line(book, transfer.cost_centre, transfer.function)
    line.release(amount)
    book.save_line(line)
    book.save_transfer(transfer)
    ended = "cancelled" if isinstance(event, hr.TransferCancelled) else "rejected"
    payload = out.BudgetReleased(
        post_number=transfer.post_number,
        transfer_id=transfer.transfer_id,
        cost_centre=transfer.cost_centre,
        amount=amount,
        reason=f"transfer {ended}: {event.reason}",
    )
    return [_budget_event(payload, transfer.department)]


HANDLERS: dict[str, Handler] = {
    "PostRegistered": on_post_registered,
    "PostUpdated": on_post_updated,
    "TransferProposed": on_transfer_proposed,
    "EffectiveDateChanged": on_effective_date_changed,
    "TransferApproved": on_transfer_approved,
    "TransferEffective": on_transfer_effective,
    "TransferCancelled": on_transfer_ended,
    "TransferRejected": on_transfer_ended,
}


def handle(book: BudgetBook, event_type: str, payload: EventPayload) -> list[NewEvent]:
    """Apply one HR event to the books; events Finance does not follow change nothing."""
    handler = HANDLERS.get(event_type)
    return handler(book, payload) if handler else []


def _line(book: BudgetBook, code: str, function: str, central: bool = False) -> BudgetLine:
    # Money follows the post even where Finance was never told of a line: open one at £0
    # (and, for a central team, its cost centre) rather than lose track of the money.
    line = book.line(code, function)
    if line is not None:
        return line
    if central and book.cost_centre(code) is None:
        name = CENTRAL_TEAMS.get(function, f"Central {function}")
        book.save_cost_centre(CostCentre(code, name, "CENTRAL", function))
    log.warning("finance.budget_line_opened", cost_centre=code, function=function)
    return BudgetLine(code, function, 0)


def _transfer_from(event: hr.TransferEffective) -> BudgetTransfer:
    log.warning("finance.effective_without_proposal", transfer_id=event.transfer_id)
    # A centralised team's code is its function's code.
    return BudgetTransfer(
        event.transfer_id,
        event.post_number,
        event.target_team,
        event.from_department,
        event.cost_centre,
        event.annual_cost,
        event.target_team,
        event.effective_date,
        False,
        "never checked",
    )


def _budget_event(
    payload: out.PostBudgetEvent, department: str, effective: date | None = None
) -> NewEvent:
    return NewEvent(payload, payload.post_number, department, effective)
