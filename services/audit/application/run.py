"""Drive a replay over a message source, reporting progress after every batch."""

from __future__ import annotations

from collections.abc import Callable

from services.audit.application.ports import MessageSource
from services.audit.application.replay import Replay
from services.audit.domain.report import AuditReport

Progress = Callable[[int], None]  # called with the number of messages just read


async def run_replay(source: MessageSource, replay: Replay, progress: Progress) -> AuditReport:
    """Read every batch once, fold it, and return the report."""
    async for batch in source.batches():
        replay.take(batch)
        progress(len(batch))
    return replay.finish()
