"""A post's journey through the programme, folded from every fact Workflow has seen about it.

Facts come from two producers' streams: HR's post stream and Finance's post-budget stream.
Kafka orders each stream but not the two against each other, so the journey is always
folded from scratch in one fixed order — HR's stream by sequence, then Finance's facts
attached to their transfer by `transfer_id` — and never depends on arrival order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from services.workflow.domain import post_scope
from services.workflow.domain.journey_budget import BUDGET_IGNORED as BUDGET_IGNORED  # re-export
from services.workflow.domain.journey_budget import BUDGET_STEPS
from services.workflow.domain.journey_corrections import corrected
from services.workflow.domain.journey_undone import rescinded, timeline_only
from shared.events import hr
from shared.events.base import EventPayload
from shared.events.erasure import EmployeeDataErased
from shared.events.post_corrections import PostFactCorrected
from shared.events.stages import STAGE_AFTER, TransferStage

HR_STREAM = "post"
BUDGET_STREAM = "post_budget"


class JourneyStage(StrEnum):
    """Where a post is on its way into a centralised team: before any transfer, or in the
    stage of its current one (`shared.events.stages.TransferStage`, the same words)."""

    NOT_YET_REGISTERED = "not_yet_registered"  # Finance facts seen, HR's not yet
    IN_DEPARTMENT = "in_department"
    PROPOSED = TransferStage.PROPOSED.value
    IN_CONSULTATION = TransferStage.IN_CONSULTATION.value
    CONSULTATION_CLOSED = TransferStage.CONSULTATION_CLOSED.value
    APPROVED = TransferStage.APPROVED.value
    EFFECTIVE = TransferStage.EFFECTIVE.value
    REJECTED = TransferStage.REJECTED.value
    CANCELLED = TransferStage.CANCELLED.value
    RESCINDED = TransferStage.RESCINDED.value


LIVE_STAGES = frozenset(
    {
        JourneyStage.PROPOSED,
        JourneyStage.IN_CONSULTATION,
        JourneyStage.CONSULTATION_CLOSED,
        JourneyStage.APPROVED,
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PostFact:
    """One consumed event about a post, as much as the fold needs."""

    stream: str  # HR_STREAM or BUDGET_STREAM
    sequence: int
    kind: type[EventPayload]  # the event's class: what the fold dispatches on
    occurred_at: datetime
    payload: Mapping[str, Any]


@dataclass(kw_only=True)
class Journey:
    """The tracker's answer for one post: who it is, where it is, and its current transfer."""

    post_number: str
    registered: bool = False
    title: str | None = None
    grade: str | None = None
    function: str | None = None
    department: str | None = None
    team: str | None = None
    cost_centre: str | None = None
    fte: float = 0.0
    annual_cost: int = 0
    stage: str = JourneyStage.NOT_YET_REGISTERED.value
    stage_since: date | None = None
    transfer_id: str | None = None
    target_team: str | None = None
    proposed_on: date | None = None
    effective_date: date | None = None
    consultation_opened_on: date | None = None
    consultation_closes_by: date | None = None
    budget_check: str | None = None  # None (not yet), "passed" or "failed"
    budget_failure_reason: str | None = None
    budget_moved: bool = False
    budget_moved_amount: int = 0
    moved_fte: float = 0.0
    moved_annual_cost: int = 0
    moved_on: date | None = None
    hr_sequence: int = 0
    budget_sequence: int = 0
    # Finance facts about a transfer HR's stream has not shown yet: only a refold places them.
    unattached_budget_facts: bool = False
    # Registered in its central team (HR, programme management): centralised from day one.
    already_central: bool = False
    scope_status: str | None = None  # HR's latest proposal: in_scope, out_of_scope, under_review
    scope_response: str | None = None  # its department lead's: None (awaited), agreed, challenged
    scope_reason: str | None = None
    scope: str = post_scope.UNDECIDED  # as progress counts it (domain/post_scope.py)
    exercise_id: str | None = None  # the consultation exercise of the current transfer


def fold_journey(post_number: str, facts: Iterable[PostFact]) -> Journey:
    """The post's journey from all its facts, whatever order they arrived in."""
    journey = Journey(post_number=post_number)
    finance: dict[str, list[PostFact]] = {}
    transfers: set[str] = set()
    ordered = sorted(facts, key=lambda fact: (fact.stream != HR_STREAM, fact.stream, fact.sequence))
    for fact in ordered:
        if fact.stream == HR_STREAM:
            _apply_hr(journey, fact)
            journey.hr_sequence = max(journey.hr_sequence, fact.sequence)
            if fact.kind is hr.TransferProposed:
                transfers.add(str(fact.payload["transfer_id"]))
        else:
            finance.setdefault(str(fact.payload.get("transfer_id")), []).append(fact)
            journey.budget_sequence = max(journey.budget_sequence, fact.sequence)
    for fact in finance.get(journey.transfer_id or "", []):
        _apply_budget(journey, fact)
    journey.unattached_budget_facts = any(transfer not in transfers for transfer in finance)
    _finish(journey)
    return journey


def continue_journey(journey: Journey, new: Iterable[PostFact]) -> Journey | None:
    """The journey with `new` facts applied, when they simply continue its streams in order
    (the usual case); None when only a full refold gives the right answer."""
    if journey.unattached_budget_facts:
        return None
    ordered = sorted(new, key=lambda fact: (fact.stream != HR_STREAM, fact.stream, fact.sequence))
    hr = [fact for fact in ordered if fact.stream == HR_STREAM]
    budget = [fact for fact in ordered if fact.stream == BUDGET_STREAM]
    if len(hr) + len(budget) != len(ordered):
        return None
    if not (_continues(hr, journey.hr_sequence) and _continues(budget, journey.budget_sequence)):
        return None
    result = replace(journey)
    for fact in hr:
        _apply_hr(result, fact)
        result.hr_sequence = fact.sequence
    for fact in budget:
        if fact.payload.get("transfer_id") != result.transfer_id:
            return None  # about another transfer: let the refold sort it out
        _apply_budget(result, fact)
        result.budget_sequence = fact.sequence
    _finish(result)
    return result


def _continues(facts: list[PostFact], last: int) -> bool:
    return [fact.sequence for fact in facts] == list(range(last + 1, last + 1 + len(facts)))


def _finish(journey: Journey) -> None:
    # An already-central post with no transfer is `in_department` too: the stage words are
    # shared with the audit's establishment; `already_central` says where it sits.
    if journey.registered and journey.transfer_id is None:
        journey.stage = JourneyStage.IN_DEPARTMENT.value
    journey.scope = post_scope.scope_of(
        status=journey.scope_status,
        response=journey.scope_response,
        already_central=journey.already_central,
        moved=journey.stage == JourneyStage.EFFECTIVE,
    )


def _apply_hr(journey: Journey, fact: PostFact) -> None:
    kind, payload = fact.kind, fact.payload
    if kind not in _WHATEVER_THE_TRANSFER and payload.get("transfer_id") != journey.transfer_id:
        return  # a fact about an older transfer: it cannot change the current one
    step = HR_STEPS.get(kind)
    if step is not None:
        step(journey, fact)
    stage = STAGE_AFTER.get(kind)
    if stage is not None:
        journey.stage = stage.value
        journey.stage_since = _stage_start(journey, fact, stage)


def _registered(journey: Journey, fact: PostFact) -> None:
    _apply_post_details(journey, fact.payload, registering=True)


def _updated(journey: Journey, fact: PostFact) -> None:
    _apply_post_details(journey, fact.payload, registering=False)


def _proposed(journey: Journey, fact: PostFact) -> None:
    _start_transfer(journey, fact)
    _dated(journey, fact)


def _dated(journey: Journey, fact: PostFact) -> None:
    journey.effective_date = _date(fact.payload["effective_date"])


def _consultation_opened(journey: Journey, fact: PostFact) -> None:
    journey.consultation_opened_on = _date(fact.payload["opened_on"])
    journey.consultation_closes_by = _date(fact.payload["closes_by"])
    journey.exercise_id = fact.payload.get("exercise_id")


def _consultation_closed(journey: Journey, fact: PostFact) -> None:
    journey.exercise_id = fact.payload.get("exercise_id") or journey.exercise_id


def _effective(journey: Journey, fact: PostFact) -> None:
    _dated(journey, fact)
    journey.team = fact.payload["target_team"]
    journey.moved_fte = float(fact.payload["fte"])
    journey.moved_annual_cost = int(fact.payload["annual_cost"])
    journey.moved_on = journey.effective_date


def _stage_only(journey: Journey, fact: PostFact) -> None:
    """The event's stage (`STAGE_AFTER`) is all it changes."""


Step = Callable[[Journey, PostFact], None]
# About the post, or starting a new transfer: applied whatever the current transfer is.
_WHATEVER_THE_TRANSFER: frozenset[type[EventPayload]] = frozenset(
    (
        hr.PostRegistered,
        hr.PostUpdated,
        hr.TransferProposed,
        hr.PostScopeProposed,
        hr.PostScopeAgreed,
        hr.PostScopeChallenged,
        PostFactCorrected,
    )
)
# What each HR post event does to a journey, besides its stage (a test holds every event on
# `hr.posts` to being here).
HR_STEPS: dict[type[EventPayload], Step] = {
    hr.PostRegistered: _registered,
    hr.PostUpdated: _updated,
    hr.TransferProposed: _proposed,
    hr.EffectiveDateChanged: _dated,
    hr.ConsultationOpened: _consultation_opened,
    hr.ConsultationClosed: _consultation_closed,
    hr.TransferApproved: _dated,
    hr.TransferRejected: _stage_only,
    hr.TransferEffective: _effective,
    hr.TransferCancelled: _stage_only,
    hr.TransferRescinded: rescinded,
    hr.PostScopeProposed: post_scope.scope_proposed,
    hr.PostScopeAgreed: post_scope.scope_agreed,
    hr.PostScopeChallenged: post_scope.scope_challenged,
    hr.ReportingLineChanged: timeline_only,
    hr.TeamHeadNamed: timeline_only,
    hr.PostChangeScheduled: timeline_only,
    PostFactCorrected: corrected,
    hr.PostMarkedAtRisk: timeline_only,
    hr.PostDisestablished: timeline_only,
    EmployeeDataErased: timeline_only,
}


def _apply_post_details(journey: Journey, payload: Mapping[str, Any], registering: bool) -> None:
    if registering:
        journey.registered = True
        journey.function = payload["function"]
        journey.department = payload["department"]
        journey.team = payload.get("team")
        journey.already_central = payload.get("team") is not None
    for name in ("title", "grade", "cost_centre"):
        if payload.get(name) is not None:
            setattr(journey, name, payload[name])
    if payload.get("fte") is not None:
        journey.fte = float(payload["fte"])
    if payload.get("annual_cost") is not None:
        journey.annual_cost = int(payload["annual_cost"])


def _start_transfer(journey: Journey, fact: PostFact) -> None:
    payload = fact.payload
    journey.transfer_id = payload["transfer_id"]
    journey.target_team = payload["target_team"]
    journey.proposed_on = fact.occurred_at.date()
    journey.function = journey.function or payload.get("function")
    journey.department = journey.department or payload.get("from_department")
    for name in ("consultation_opened_on", "consultation_closes_by", "moved_on", "exercise_id"):
        setattr(journey, name, None)
    journey.moved_fte, journey.moved_annual_cost = 0.0, 0
    # A new transfer starts with no budget facts of its own.
    journey.budget_check, journey.budget_failure_reason = None, None
    journey.budget_moved, journey.budget_moved_amount = False, 0


def _stage_start(journey: Journey, fact: PostFact, stage: TransferStage) -> date:
    payload = fact.payload
    if stage is TransferStage.IN_CONSULTATION:
        return _date(payload["opened_on"])
    if stage is TransferStage.CONSULTATION_CLOSED:
        return _date(payload["closed_on"])
    if stage is TransferStage.EFFECTIVE and journey.effective_date:
        return journey.effective_date
    return fact.occurred_at.date()


def _apply_budget(journey: Journey, fact: PostFact) -> None:
    step = BUDGET_STEPS.get(fact.kind)
    if step is not None:
        step(journey, fact)


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
