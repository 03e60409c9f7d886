"""One line per event for a post's timeline, in the council's words."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from services.workflow.domain.journey_corrections import correction_summary
from shared.events import consultation as cx
from shared.events import finance, hr
from shared.events.base import EventPayload
from shared.events.erasure import EmployeeDataErased
from shared.events.personal import shown_payload
from shared.events.post_corrections import PostFactCorrected

Payload = Mapping[str, Any]

# Every event on the tracker's topics (`hr.posts`, `finance.budgets`): a test holds it to that.
SUMMARIES: dict[type[EventPayload], Callable[[Payload], str]] = {
    hr.PostRegistered: lambda p: (
        f"{p['title']} ({p['grade']}, {p['fte']} FTE) registered in {p['department']}"
    ),
    hr.PostUpdated: lambda p: (
        "post details corrected"
        if p.get("corrects_event_id")
        else f"post details changed{': ' + p['reason'] if p.get('reason') else ''}"
    ),
    hr.TransferProposed: lambda p: (
        f"transfer to {p['target_team']} proposed, effective {p['effective_date']}"
    ),
    hr.EffectiveDateChanged: lambda p: (
        f"effective date moved from {p['previous_effective_date']} to {p['effective_date']}"
    ),
    hr.ConsultationOpened: lambda p: (
        f"consultation opened on {p['opened_on']}, closes by {p['closes_by']}{_in_exercise(p)}"
    ),
    hr.ConsultationClosed: lambda p: (
        f"consultation closed on {p['closed_on']}: {_words(p['outcome'])}{_in_exercise(p)}"
    ),
    hr.TransferApproved: lambda p: (
        f"transfer to {p['target_team']} approved, effective {p['effective_date']}"
    ),
    hr.TransferRejected: lambda p: f"transfer rejected: {p['reason']}",
    hr.TransferEffective: lambda p: (
        f"post now in {p['target_team']} from {p['effective_date']}"
        + (f", reporting to post {p['reports_to']}" if p.get("reports_to") else "")
    ),
    hr.TransferCancelled: lambda p: f"transfer cancelled while {p['stage']}: {p['reason']}",
    hr.PostScopeProposed: lambda p: f"HR proposed the post as {_words(p['status'])}{_because(p)}",
    hr.PostScopeAgreed: lambda p: f"department lead agreed the post is {_words(p['status'])}",
    hr.PostScopeChallenged: lambda p: (
        f"department lead challenged {_words(p['status'])}{_because(p)}"
    ),
    hr.ReportingLineChanged: lambda p: (
        f"now reports to post {p['reports_to']}{_because(p)}"
        if p.get("reports_to")
        else f"now reports to no post{_because(p)}"
    ),
    hr.TransferRescinded: lambda p: (
        f"transfer to {p['target_team']} rescinded by {p['decided_by']}: {p['reason']}; "
        f"back in {p['from_department']}"
    ),
    finance.BudgetMoveReversed: lambda p: (
        f"£{p['full_year_amount']:,} a year moved back from {p['from_cost_centre']} to "
        f"{p['to_cost_centre']}"
    ),
    hr.PostChangeScheduled: lambda p: (
        f"change from {p['effective_date']} recorded: "
        + ", ".join(f"{name} {value}" for name, value in p["changes"].items())
        + _because(p)
    ),
    hr.TeamHeadNamed: lambda p: f"named head of {p['team']}{_because(p)}",
    PostFactCorrected: correction_summary,
    hr.PostMarkedAtRisk: lambda p: (
        f"at risk from candidate {p['candidate_id']}, proposed to end on {p['planned_end']}"
        f"{_because(p)}"
    ),
    hr.PostDisestablished: lambda p: (
        f"disestablished from {p['effective_date']} for candidate {p['candidate_id']} "
        f"({p['fte']} FTE, £{p['annual_cost']:,} a year){_because(p)}"
    ),
    EmployeeDataErased: lambda p: (
        f"personal data of an employee erased on {p['erased_on']} "
        f"({'retention period ended' if p['ground'] == 'retention' else 'on request'}): "
        "their details in earlier entries read (sealed) for good"
    ),
    finance.BudgetCheckPassed: lambda p: (
        f"budget check passed on {p['cost_centre']} (£{p['headroom']:,} headroom left)"
    ),
    finance.BudgetCheckFailed: lambda p: (
        f"budget check failed on {p['cost_centre']}: {p['reason']}"
    ),
    finance.BudgetReserved: lambda p: f"£{p['amount']:,} reserved on {p['cost_centre']}",
    finance.BudgetMoved: lambda p: (
        f"£{p['full_year_amount']:,} a year moved from "
        f"{p['from_cost_centre']} to {p['to_cost_centre']}"
    ),
    finance.BudgetReleased: lambda p: (
        f"£{p['amount']:,} released on {p['cost_centre']}: {p['reason']}"
    ),
}

# Every event on `hr.consultations`, for an exercise's timeline and the leads' feeds.
EXERCISE_SUMMARIES: dict[type[EventPayload], Callable[[Payload], str]] = {
    cx.ConsultationExerciseOpened: lambda p: (
        f"consultation opened on {len(p['post_numbers'])} posts: {p['purpose']} "
        f"(may close from {p['earliest_close']}, {p['rule']})"
    ),
    cx.ConsultationDocumentShared: lambda p: (
        f"document shared: {p['title']} (version {p['version']})"
    ),
    cx.ConsultationQuestionAsked: lambda p: f"question {p['question_id']} asked by {p['asked_by']}",
    cx.ConsultationQuestionAnswered: lambda p: f"question {p['question_id']} answered by HR",
    cx.ConsultationExtended: lambda p: (
        f"close moved from {p['previous_close']} to {p['proposed_close']}: {p['reason']}"
    ),
    cx.ConsultationExerciseClosed: lambda p: (
        f"consultation closed on {p['closed_on']}: {_words(p['outcome'])}"
    ),
    cx.ConsultationDecisionRecorded: lambda p: (
        f"HR decided to {_words(p['decision'])}: {p['reason']}"
    ),
}


def summary_of(kind: type[EventPayload], payload: Payload) -> str:
    """A short sentence saying what the event means for the post or the exercise; a field
    HR sealed (personal data) reads `(sealed)`."""
    describe = SUMMARIES.get(kind) or EXERCISE_SUMMARIES.get(kind)
    return describe(shown_payload(payload)) if describe else kind.EVENT_TYPE


def _words(code: str) -> str:
    return code.replace("_", " ")


def _because(payload: Payload) -> str:
    return f": {payload['reason']}" if payload.get("reason") else ""


def _in_exercise(payload: Payload) -> str:
    return f" (exercise {payload['exercise_id']})" if payload.get("exercise_id") else ""
