"""The budget check: on TransferProposed, is the post funded by its department's line?"""

from __future__ import annotations

from datetime import date

import structlog

from services.finance.application.ports import BudgetBook
from services.finance.domain.budget import check_budget as decide_check
from services.finance.domain.transfer import BudgetTransfer
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
        record_from(
            BudgetTransfer,
            event,
            department=event.from_department,
            check_passed=check.passed,
            check_reason=check.reason,
        )
    )
    payload: EventPayload
    if check.passed:
        payload = out.BudgetCheckPassed(
            **charged(event), annual_cost=event.annual_cost, headroom=check.headroom
        )
    else:
        assert check.reason_code is not None
        payload = out.BudgetCheckFailed(
            **charged(event), reason_code=check.reason_code, reason=check.reason
        )
    return [budget_event(payload, event.from_department)]


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
