"""Finance's HTTP API for redesigning its own processes (events on `finance.redesign`):
the routes HR serves for its processes too (`shared.redesign.api`), for finance staff."""

from __future__ import annotations

from services.finance.application.redesign import OWNER
from services.finance.entrypoints.commands import run_command
from shared.redesign.api import redesign_router

router = redesign_router(OWNER, "finance_staff", run_command)
