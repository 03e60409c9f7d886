"""The budget check: on TransferProposed, is the post funded by its department's line?"""

from __future__ import annotations

from datetime import date

import structlog

from services.finance.application.ports import BudgetBook
from services.finance.domain.budget import check_budget as decide_check
from services.finance.domain.transfer import BudgetTransfer, Money
from shared.events import finance as out
from shared.events import hr
from shared.events.base import EventPayload
from shared.persistence.outbox import NewEvent
from shared.records import record_from

log = structlog.get_logger(__name__)


def on_transfer_proposed(book: BudgetBook, event: EventPayload) -> list[NewEvent]:
    """Check the post is funded by its department's line; say passed or failed, and why."""
    assert isinstance(event, hr.TransferProposed)
    if book.transfer(event.transfer_id) is not None:
        log.info("finance.transfer_already_checked", transfer_id=event.transfer_id)
        return []
    transfer = record_from(
        BudgetTransfer,
        event,
        department=event.from_department,
        check_passed=False,
        check_reason="",
    )
    return [run_check(book, transfer)]


def on_cost_changed(book: BudgetBook, event: hr.PostUpdated) -> list[NewEvent]:
    """The post's cost changed while its transfer awaits approval: check it again at the new
    cost, and say so (HR approves on the latest verdict). Once approved, the money is
    reserved and moves at the cost the transfer takes effect with."""
    transfer = book.transfer(event.live_transfer_id) if event.live_transfer_id else None
    if transfer is None or transfer.money is not Money.CHECKED or event.annual_cost is None:
        return []
    transfer.annual_cost = event.annual_cost
    log.info("finance.budget_rechecked", transfer_id=transfer.transfer_id)
    return [run_check(book, transfer)]


def run_check(book: BudgetBook, transfer: BudgetTransfer) -> NewEvent:
    """Decide the transfer's budget check, keep the verdict with it, and say it."""
    check = decide_check(
        transfer.post_number,
        transfer.function,
        transfer.annual_cost,
        transfer.cost_centre,
        book.cost_centre(transfer.cost_centre),
        book.line(transfer.cost_centre, transfer.function),
        book.other_posts_cost(transfer.cost_centre, transfer.function, transfer.post_number),
    )
    transfer.check_passed, transfer.check_reason = check.passed, check.reason
    book.save_transfer(transfer)
    payload: EventPayload
    if check.passed:
        payload = out.BudgetCheckPassed(
            **charged(transfer), annual_cost=transfer.annual_cost, headroom=check.headroom
        )
    else:
        assert check.reason_code is not None
        payload = out.BudgetCheckFailed(
            **charged(transfer), reason_code=check.reason_code, reason=check.reason
        )
    return budget_event(payload, transfer.department)


def on_effective_date_changed(book: BudgetBook, event: EventPayload) -> list[NewEvent]:
    assert isinstance(event, hr.EffectiveDateChanged)
    transfer = book.transfer(event.transfer_id)
    if transfer is not None:
        transfer.effective_date = event.effective_date
        book.save_transfer(transfer)
    return []


def charged(transfer: hr.TransferProposed | BudgetTransfer) -> dict[str, str]:
    """Which post's transfer and the cost centre charged: where budget events start."""
    return {
        "post_number": transfer.post_number,
        "transfer_id": transfer.transfer_id,
        "cost_centre": transfer.cost_centre,
    }


def budget_event(
    payload: out.PostBudgetEvent, department: str, effective: date | None = None
) -> NewEvent:
    return NewEvent(
        payload=payload,
        aggregate_id=payload.post_number,
        department=department,
        effective_date=effective,
    )
