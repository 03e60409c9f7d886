"""The scheduler: every N seconds, future-dated post changes whose date has come are
applied, then approved transfers whose effective date has come take effect, as the actor
`system`; once a day the retention schedule of personal data runs. HR staff can run the
same things on demand (API and CLI).

With several HR replicas only the elected one runs the schedule (`shared/persistence/replicas.py`);
when it dies, the next replica to look takes over at its next tick.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from datetime import date
from typing import Any

import structlog

from services.hr.adapters.queries import due_post_numbers
from services.hr.adapters.scheduled_changes import posts_with_changes_due
from services.hr.adapters.unit_of_work import ConnectionPerThread
from services.hr.application.bulk import RowResult, run_commands, totals
from services.hr.application.commands import ApplyDueChanges, TakeEffect
from services.hr.application.personal_data import purge_past_retention
from services.hr.entrypoints.context import SYSTEM, Hr
from shared.events.envelope import Actor
from shared.persistence.replicas import Leadership
from shared.runtime import BackgroundTask

log = structlog.get_logger(__name__)


async def make_due_transfers_effective(hr: Hr, actor: Actor) -> dict[str, Any]:
    """Apply every due post change, then make every due approved transfer effective (a
    change dated the day of a move is in place when the post moves); each row on its own."""
    today = hr.clock.today()
    engine = hr.runtime.engine
    changing = await hr.read(lambda connection: posts_with_changes_due(connection, today))
    context = hr.event_context(actor)

    def work(commands: list[Any]) -> list[RowResult]:
        with ConnectionPerThread(engine, hr.master_key) as connections:
            return run_commands(
                lambda: connections.chunk(context), commands, workers=hr.bulk_workers
            )

    changed = [ApplyDueChanges(post_number=n, today=today) for n in changing]
    changes = await asyncio.to_thread(work, changed) if changed else []
    due = await hr.read(lambda connection: due_post_numbers(connection, today))
    moves = [TakeEffect(post_number, today) for post_number in due]
    results = await asyncio.to_thread(work, moves) if due else []
    if changes:
        log.info("posts.scheduled_changes_applied", today=today.isoformat(), **totals(changes))
    hr.runtime.relay.notify()
    counted = totals(results)
    if due:
        log.info("transfers.took_effect", today=today.isoformat(), **counted)
    return {
        "today": today.isoformat(),
        "totals": counted,
        "rows": [asdict(r) for r in results],
        "post_changes": {"totals": totals(changes), "rows": [asdict(r) for r in changes]},
    }


async def apply_retention(hr: Hr) -> date:
    """Run the retention schedule for today (docs/personal-data.md); the day it ran for."""
    today = hr.clock.today()
    done = await hr.run(
        hr.event_context(SYSTEM), lambda uow: purge_past_retention(uow, hr.retention, today)
    )
    if done.erased or done.newly_left or done.bulk_runs_cleared:
        log.info(
            "personal_data.retention_applied",
            newly_left=done.newly_left,
            erased=len(done.erased),
            bulk_runs_cleared=done.bulk_runs_cleared,
        )
    return today


def scheduler(hr: Hr) -> BackgroundTask:
    """The background task: look for due transfers every `scheduler_interval_s`, in the one
    replica that leads the schedule."""
    leadership = Leadership(hr.runtime.engine, "hr:scheduler")

    async def run() -> None:
        purged_on: date | None = None
        try:
            while True:
                try:
                    if await asyncio.to_thread(leadership.try_lead):
                        await make_due_transfers_effective(hr, SYSTEM)
                        if purged_on != hr.clock.today():  # the retention schedule, once a day
                            purged_on = await apply_retention(hr)
                except Exception:  # the database may be away for a moment: try next time
                    log.exception("transfers.scheduler_failed")
                await asyncio.sleep(hr.scheduler_interval_s)
        finally:
            leadership.resign()

    return run
