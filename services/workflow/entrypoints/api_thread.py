"""The golden thread: for a candidate, a team or a post, every event that led to a pound
saved — process registered and reviewed, candidate found and delivered, benefit case and
measurements, FTE released, posts put at risk and disestablished, Finance's booked saving
and budget reduction — with the event ids."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from sqlalchemy import Connection

from services.workflow.entrypoints.dependencies import read
from services.workflow.projections.thread import candidate_thread, candidates_of
from shared.auth import CurrentPrincipal
from shared.programme.thread import thread_answer, threads_answer
from shared.reference import team_code

router = APIRouter(prefix="/golden-thread", tags=["golden thread"])


@router.get("/candidates/{candidate_id}")
async def of_candidate(candidate_id: str, request: Request, _: CurrentPrincipal) -> Any:
    """Everything that led from the candidate's process to its savings."""
    found = await read(request, lambda c: _thread(c, candidate_id))
    if not found["events"]:
        raise HTTPException(404, f"candidate {candidate_id} is not known")
    return found


@router.get("/teams/{team}")
async def of_team(team: str, request: Request, _: CurrentPrincipal) -> Any:
    """Every candidate of a centralised team, each with its thread."""
    code = team_code(team)
    if code is None:
        raise HTTPException(404, f"there is no centralised team called {team!r}")
    return await read(request, lambda c: _threads(c, candidates_of(c, team=code)) | {"team": code})


@router.get("/posts/{post_number}")
async def of_post(post_number: str, request: Request, _: CurrentPrincipal) -> Any:
    """Every candidate whose work or benefit case names the post, each with its thread."""
    answer = await read(request, lambda c: _threads(c, candidates_of(c, post=post_number)))
    return answer | {"post_number": post_number}


def _threads(connection: Connection, candidate_ids: list[str]) -> dict[str, Any]:
    return threads_answer([_thread(connection, candidate_id) for candidate_id in candidate_ids])


def _thread(connection: Connection, candidate_id: str) -> dict[str, Any]:
    return thread_answer(candidate_id, candidate_thread(connection, candidate_id))
