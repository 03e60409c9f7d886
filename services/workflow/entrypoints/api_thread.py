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
    threads = [_thread(connection, candidate_id) for candidate_id in candidate_ids]
    return {
        "candidates": threads,
        "realised_booked": sum(t["realised_booked"] for t in threads),
        "budget_reduced": sum(t["budget_reduced"] for t in threads),
        "fte_released": round(sum(t["fte_released"] for t in threads), 2),
    }


def _thread(connection: Connection, candidate_id: str) -> dict[str, Any]:
    events = candidate_thread(connection, candidate_id)
    totals = {"SavingsRealised": 0, "CentralBudgetReduced": 0, "BenefitMeasured": 0}
    fte = 0.0  # released: recorded, or with the posts it disestablished
    for event in events:
        if event["event_type"] in totals:
            key = "cashable_money" if event["event_type"] == "BenefitMeasured" else "amount"
            totals[event["event_type"]] += event["payload"][key]
        elif event["event_type"] in ("FteReleased", "PostDisestablished"):
            fte += event["payload"]["fte"]
    return {
        "candidate_id": candidate_id,
        "events": [
            {
                key: event[key]
                for key in ("event_id", "event_type", "producer", "occurred_at", "payload")
            }
            for event in events
        ],
        "realised_booked": totals["SavingsRealised"],
        "budget_reduced": totals["CentralBudgetReduced"],
        "realised_measured": totals["BenefitMeasured"],
        "fte_released": round(fte, 2),
    }
