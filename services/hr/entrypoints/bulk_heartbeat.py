"""Bulk runs' heartbeat: this process says every few seconds that its runs are alive, and
marks `interrupted` the running runs of a process that has not said so for a while.

The first beat comes at start-up, so runs a crashed process left `running` are flagged as
soon as its silence shows. Runs another live process is working on are never touched.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import structlog

from services.hr.adapters.bulk_runs import BulkRunStore
from services.hr.entrypoints.context import Hr
from shared.runtime import BackgroundTask

log = structlog.get_logger(__name__)
BEATS_MISSED = 6  # a process this long silent is gone, not just slow


def bulk_heartbeat(hr: Hr) -> BackgroundTask:
    """The background task: beat every `bulk_heartbeat_s`, sweep up dead processes' runs."""
    store = BulkRunStore(hr.runtime.engine)
    stale_after = timedelta(seconds=hr.bulk_heartbeat_s * BEATS_MISSED)

    async def run() -> None:
        while True:
            try:
                dead = await asyncio.to_thread(store.beat, hr.process_id, stale_after)
                for run_id in dead:
                    log.warning("bulk.run_interrupted", run_id=run_id)
            except Exception:  # the database may be away for a moment: try next time
                log.exception("bulk.heartbeat_failed")
            await asyncio.sleep(hr.bulk_heartbeat_s)

    return run
