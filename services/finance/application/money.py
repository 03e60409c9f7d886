"""The money: reserve on approval, move when effective, release on cancel or reject."""

from __future__ import annotations

from dataclasses import replace

import structlog

from services.finance.application.checks import budget_event, charged
from services.finance.application.ports import BudgetBook
from services.finance.domain.budget import BudgetLine, CostCentre
from services.finance.domain.financial_year import financial_year_of, pro_rate
from services.finance.domain.transfer import BudgetTransfer
from shared.events import finance as out
from shared.events import hr
from shared.events.base import EventPayload
from shared.events.personal import shown
from shared.persistence.outbox import NewEvent
from shared.records import record_from
from shared.reference import CENTRAL_TEAMS, central_cost_centre

log = structlog.get_logger(__name__)


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
    payload = out.BudgetReserved(**charged(transfer), amount=transfer.reserved_amount)
    return [budget_event(payload, transfer.department)]


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
    return [budget_event(payload, event.from_department, event.effective_date)]


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
        **charged(transfer), amount=amount, reason=f"transfer {ended}: {shown(event.reason)}"
    )
    return [budget_event(payload, transfer.department)]


def on_transfer_rescinded(book: BudgetBook, event: EventPayload) -> list[NewEvent]:
    """The move was a mistake: the same amounts go back to the department's line."""
    assert isinstance(event, hr.TransferRescinded)
    transfer = book.transfer(event.transfer_id)
    amounts = transfer.reverse() if transfer is not None else None
    if transfer is None or amounts is None:
        log.info("finance.nothing_to_reverse", transfer_id=event.transfer_id)
        return []
    full_year, this_year = amounts
    central = central_cost_centre(transfer.function)
    source = _line(book, central, transfer.function, central=True)
    source.move_back_out(full_year)
    target = _line(book, transfer.cost_centre, transfer.function)
    target.move_back_in(full_year)
    for line in (source, target):
        book.save_line(line)
    book.save_transfer(transfer)
    post = book.post(event.post_number)
    if post is not None:
        book.save_post(replace(post, cost_centre=transfer.cost_centre))
    payload = out.BudgetMoveReversed(
        post_number=event.post_number,
        transfer_id=event.transfer_id,
        from_cost_centre=central,
        to_cost_centre=transfer.cost_centre,
        effective_date=transfer.effective_date,
        financial_year=financial_year_of(transfer.effective_date),
        full_year_amount=full_year,
        amount_this_year=this_year,
        reason=f"transfer rescinded by {event.decided_by}: {shown(event.reason)}",
    )
    return [budget_event(payload, transfer.department, transfer.effective_date)]


def _line(book: BudgetBook, code: str, function: str, central: bool = False) -> BudgetLine:
    # Money follows the post even where Finance was never told of a line: open one at £0
    # (and, for a central team, its cost centre) rather than lose track of the money.
    line = book.line(code, function)
    if line is not None:
        return line
    if central and book.cost_centre(code) is None:
        name = CENTRAL_TEAMS.get(function, f"Central {function}")
        book.save_cost_centre(CostCentre(code=code, name=name, owner="CENTRAL", function=function))
    log.warning("finance.budget_line_opened", cost_centre=code, function=function)
    return BudgetLine(cost_centre=code, function=function, annual_budget=0)


def _transfer_from(event: hr.TransferEffective) -> BudgetTransfer:
    log.warning("finance.effective_without_proposal", transfer_id=event.transfer_id)
    # A centralised team's code is its function's code.
    return record_from(
        BudgetTransfer,
        event,
        function=event.target_team,
        department=event.from_department,
        check_passed=False,
        check_reason="never checked",
    )
