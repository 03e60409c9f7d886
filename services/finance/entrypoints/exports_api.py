"""Finance's ledger export: the journals it booked in a pay period (or a date range) as a
CSV journal whose lines balance, rebuilt from Finance's own record of events on every call
(the same period gives the same file, whenever it is asked for)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.finance.adapters.tables import messaging
from services.finance.domain.journal import journals
from services.finance.domain.journal_file import journal_csv
from services.finance.entrypoints.commands import FinanceStaff, run_query
from shared.events import topics
from shared.export_http import ExportPeriod, attachment
from shared.persistence.recorded import recorded_events

router = APIRouter(tags=["exports"])
JOURNAL_TOPICS = (topics.FINANCE_BUDGETS, topics.FINANCE_SAVINGS)


@router.get("/exports/ledger")
async def ledger_export(
    request: Request,
    principal: FinanceStaff,  # before the period: who asks is checked before what they ask
    period: ExportPeriod,
) -> Response:
    """Budget moved, moved back, released and reduced, dated in the period, as balancing
    debit and credit lines. An empty period gives a valid file with zero totals."""
    prefix = request.app.state.runtime.settings.topic_prefix
    wanted = [prefix + topic for topic in JOURNAL_TOPICS]
    lines = await run_query(
        request, lambda c: journals(recorded_events(c, messaging.outbox, wanted), period)
    )
    return attachment(journal_csv(lines), f"ledger_{period.name}.csv")
