"""The scheduler: every N seconds, approved transfers whose effective date has come take
effect, as the actor `system`. HR staff can run the same thing on demand (API and CLI).
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from typing import Any

import structlog

from services.hr.adapters.queries import due_post_numbers
from services.hr.adapters.unit_of_work import ConnectionPerThread
from services.hr.application.bulk import RowResult, run_commands, totals
from services.hr.application.commands import TakeEffect
from services.hr.entrypoints.context import SYSTEM, Hr
from shared.events.envelope import Actor
from shared.runtime import BackgroundTask

log = structlog.get_logger(__name__)


async def make_due_transfers_effective(hr: Hr, actor: Actor) -> dict[str, Any]:
    """Make every due approved transfer effective; each row done or refused on its own."""
    today = hr.clock.today()
    engine = hr.runtime.engine
    due = await hr.read(lambda connection: due_post_numbers(connection, today))
    context = hr.event_context(actor)

    def work() -> list[RowResult]:
        with ConnectionPerThread(engine) as connections:
            return run_commands(
                lambda: connections.chunk(context),
                [TakeEffect(post_number, today) for post_number in due],
                workers=hr.bulk_workers,
            )

    results = await asyncio.to_thread(work) if due else []
    hr.runtime.relay.notify()
    counted = totals(results)
    if due:
        log.info("transfers.took_effect", today=today.isoformat(), **counted)
    return {"today": today.isoformat(), "totals": counted, "rows": [asdict(r) for r in results]}


def scheduler(hr: Hr) -> BackgroundTask:
    """The background task: look for due transfers every `scheduler_interval_s`."""

    async def run() -> None:
        while True:
            try:
                await make_due_transfers_effective(hr, SYSTEM)
            except Exception:  # the database may be away for a moment: try next time
                log.exception("transfers.scheduler_failed")
            await asyncio.sleep(hr.scheduler_interval_s)

    return run
