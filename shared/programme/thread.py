"""The golden thread's one answer, from a pound saved back to the process it came from.

Workflow answers it from its read model (`/golden-thread/...`) and the auditor's replay from
the log alone (`onecouncil audit replay --golden-thread ...`): both hand their events to
these functions, so the two answers can differ only if they read the log differently.

A candidate's thread is every event naming the candidate, and its process's events that
name no candidate, in the order they occurred (then by event id). A team's threads are its
candidates'; a post's, the candidates that named it when identified or claim it in a
benefit case (any version of it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

ThreadEvent = Mapping[str, Any]  # event_id, event_type, producer, occurred_at, payload
SHOWN = ("event_id", "event_type", "producer", "occurred_at", "payload")
# Event types whose FTE is released: recorded, or a post taken out of the establishment.
RELEASES_FTE = frozenset({"FteReleased", "PostDisestablished"})
# Finance's bookings, summed per financial year so they can be reconciled year by year.
BOOKED = {"SavingsRealised": "realised_booked", "CentralBudgetReduced": "budget_reduced"}


def subject_of(payload: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(candidate, process) an event names: a thread keeps it when either is there."""
    return payload.get("candidate_id"), payload.get("process_id")


def in_thread(events: Iterable[ThreadEvent], candidate_id: str, process_id: str) -> list[Any]:
    """The candidate's thread out of every event kept, in order."""
    return sorted(
        (e for e in events
         if e["payload"].get("candidate_id") == candidate_id
         or (e["payload"].get("candidate_id") is None
             and e["payload"].get("process_id") == process_id)),
        key=lambda e: (e["occurred_at"], e["event_id"]),
    )  # fmt: skip


def thread_answer(candidate_id: str, events: Sequence[ThreadEvent]) -> dict[str, Any]:
    """One candidate's thread with its events and what it booked, reduced, measured and
    released."""
    totals = {"SavingsRealised": 0, "CentralBudgetReduced": 0, "BenefitMeasured": 0}
    by_year: dict[str, dict[str, int]] = {}
    fte = 0.0
    for event in events:
        kind, payload = event["event_type"], event["payload"]
        if kind in totals:
            totals[kind] += payload["cashable_money" if kind == "BenefitMeasured" else "amount"]
        elif kind in RELEASES_FTE:
            fte += payload["fte"]
        if kind in BOOKED:
            year = by_year.setdefault(payload["financial_year"], dict.fromkeys(BOOKED.values(), 0))
            year[BOOKED[kind]] += payload["amount"]
    return {
        "candidate_id": candidate_id,
        "events": [{key: event[key] for key in SHOWN} for event in events],
        "realised_booked": totals["SavingsRealised"],
        "budget_reduced": totals["CentralBudgetReduced"],
        "realised_measured": totals["BenefitMeasured"],
        "fte_released": round(fte, 2),
        "booked_by_year": dict(sorted(by_year.items())),
    }


def threads_answer(threads: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Several candidates' threads (a team's, a post's) and their sums."""
    by_year: dict[str, dict[str, int]] = {}
    for thread in threads:
        for year, booked in thread["booked_by_year"].items():
            sums = by_year.setdefault(year, dict.fromkeys(BOOKED.values(), 0))
            for key, amount in booked.items():
                sums[key] += amount
    return {
        "candidates": list(threads),
        "realised_booked": sum(t["realised_booked"] for t in threads),
        "budget_reduced": sum(t["budget_reduced"] for t in threads),
        "fte_released": round(sum(t["fte_released"] for t in threads), 2),
        "booked_by_year": dict(sorted(by_year.items())),
    }
