"""HR's HTTP API for redesigning its own processes (events on `hr.redesign`): the routes
Finance serves for its processes too (`shared.redesign.api`), for HR staff."""

from __future__ import annotations

from services.hr.application.redesign import OWNER
from services.hr.entrypoints.context import run_command
from shared.redesign.api import redesign_router

router = redesign_router(OWNER, "hr_staff", run_command)
