"""The one family of event builders: HR's and Finance's payloads with sample values, and a
`Council` whose producers seal them with the outbox's own envelope code (`StreamWriter`).

Unit tests read the documents back through the catalogue; integration tests write them to
the topics. Each producer keeps per-aggregate sequences and hash chains.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from services.workflow.domain.journey import PostFact
from shared.events import consultation, finance, hr
from shared.events.base import EventPayload
from shared.events.catalogue import CATALOGUE, ReadEvent, read_document
from shared.events.post_corrections import FactCorrection, FactValue, PostFactCorrected
from tests.support.envelopes import StreamWriter, aggregate_id_of
from tests.support.posts import a_post

Document = dict[str, Any]
TRANSFER_DATE = date(2026, 10, 1)


@dataclass
class Council:
    """The producers Workflow listens to, writing sealed documents.

    Like HR, every event of a post carries the post's department in its envelope."""

    hr: StreamWriter = field(default_factory=lambda: StreamWriter("hr"))
    finance: StreamWriter = field(default_factory=lambda: StreamWriter("finance"))
    workflow: StreamWriter = field(default_factory=lambda: StreamWriter("workflow"))
    departments: dict[str, str] = field(default_factory=dict)

    def event(
        self, payload: EventPayload, on: date | None = None, role: str = "hr_staff"
    ) -> Document:
        """The next sealed document for this payload, optionally as if it happened `on`."""
        writer = self.finance if payload.TOPIC.startswith("finance") else self.hr
        key = aggregate_id_of(payload)
        extra: dict[str, Any] = {"actor": {"id": f"{role}-1", "role": role, "department": None}}
        if on is not None:
            stamp = datetime.combine(on, time(9, 0)).isoformat() + "+00:00"
            extra.update(occurred_at=stamp, recorded_at=stamp)
        named = getattr(payload, "department", None) or getattr(payload, "from_department", None)
        if named and hasattr(payload, "post_number"):
            self.departments[key] = named
        department = self.departments.get(key, named)
        return writer.document(payload, key, department, actor_role=role, **extra)

    def redesign(self, payload: EventPayload, producer: str = "hr") -> Document:
        writer = {"hr": self.hr, "finance": self.finance, "workflow": self.workflow}[producer]
        return writer.document(payload, actor_role="hr_staff")


def registered(
    post: str = "10423",
    function: str = "FIN",
    department: str = "CS",
    cost: int = 41_000,
    fte: float = 1.0,
) -> hr.PostRegistered:
    """The sample post's registration (HR keeps the employee's name and email to itself)."""
    sample = a_post(
        post, function=function, department=department, fte=fte,
        cost_centre=f"{department}-{function}-01", annual_cost=cost,
    )  # fmt: skip
    fields = hr.PostRegistered.model_fields
    return hr.PostRegistered.model_validate({k: v for k, v in sample.items() if k in fields})


def proposed(
    post: str = "10423",
    transfer: str = "T-1",
    effective: date = TRANSFER_DATE,
    function: str = "FIN",
    department: str = "CS",
    cost: int = 41_000,
    fte: float = 1.0,
    *,
    cost_centre: str | None = None,
) -> hr.TransferProposed:
    return hr.TransferProposed(
        post_number=post, transfer_id=transfer, function=function, from_department=department,
        target_team=function, effective_date=effective, reason="One Council",
        cost_centre=cost_centre or f"{department}-{function}-01", annual_cost=cost, fte=fte,
    )  # fmt: skip


def approved(
    post: str = "10423",
    transfer: str = "T-1",
    effective: date = TRANSFER_DATE,
    function: str = "FIN",
) -> hr.TransferApproved:
    return hr.TransferApproved(
        post_number=post, transfer_id=transfer, target_team=function, effective_date=effective
    )


def took_effect(
    post: str = "10423", transfer: str = "T-1", on: date = TRANSFER_DATE, **shape: Any
) -> hr.TransferEffective:
    """The transfer `proposed(post, transfer, on, **shape)` proposed, taking effect `on`."""
    proposal = proposed(post, transfer, on, **shape)
    fields = set(hr.TransferEffective.model_fields) & set(type(proposal).model_fields)
    return hr.TransferEffective.model_validate(proposal.model_dump(include=fields))


def cancelled(
    post: str = "10423", transfer: str = "T-1", stage: str = "approved"
) -> hr.TransferCancelled:
    return hr.TransferCancelled(
        post_number=post, transfer_id=transfer, reason="restructure paused", stage=stage
    )


def rescinded(
    post: str = "10423", transfer: str = "T-1", on: date = TRANSFER_DATE
) -> hr.TransferRescinded:
    """HR rescinds the transfer that took effect `on` (`took_effect`): the move was a mistake."""
    return hr.TransferRescinded(
        post_number=post,
        transfer_id=transfer,
        reason="the post supports a school, not the finance function",
        decided_by="Director of HR",
        from_department="CS",
        target_team="FIN",
        effective_date=on,
    )


def corrected(
    post: str,
    corrects: str,
    fixed: dict[str, tuple[FactValue, FactValue]],
    in_force: dict[str, FactValue] | None = None,
    transfer: str | None = None,
) -> PostFactCorrected:
    """HR corrects the post's registration `corrects` (an event id): field → (old, new); the
    post's values now default to every new value (none held by a later fact)."""
    return PostFactCorrected(
        post_number=post,
        corrects_event_id=corrects,
        corrects_event_type="PostRegistered",
        corrections=tuple(
            FactCorrection(field=name, old=old, new=new) for name, (old, new) in fixed.items()
        ),
        in_force={name: new for name, (_, new) in fixed.items()} if in_force is None else in_force,
        reason="registered against the wrong department",
        decided_by="Head of HR Operations",
        live_transfer_id=transfer,
    )


def rejected(post: str = "10423", transfer: str = "T-1") -> hr.TransferRejected:
    return hr.TransferRejected(post_number=post, transfer_id=transfer, reason="not agreed")


def whole_move(
    council: Council,
    post: str,
    transfer: str,
    start: date,
    function: str = "FIN",
    department: str = "CS",
    cost: int = 41_000,
    fte: float = 1.0,
) -> list[Document]:
    """Every HR and Finance event of a post moving, from registration to budget moved."""
    ids = {"post_number": post, "transfer_id": transfer}
    on = start + timedelta(days=60)
    centre = f"{department}-{function}-01"
    shape: dict[str, Any] = {
        "function": function,
        "department": department,
        "cost": cost,
        "fte": fte,
    }
    return [
        council.event(registered(post, function, department, cost, fte), start),
        council.event(proposed(post, transfer, on, **shape), start),
        council.event(hr.ConsultationOpened(**ids, opened_on=start,
                                            closes_by=start + timedelta(days=30)), start),
        council.event(finance.BudgetCheckPassed(**ids, cost_centre=centre, annual_cost=cost,
                                                headroom=5_000), start, "system"),
        council.event(hr.ConsultationClosed(**ids, closed_on=start + timedelta(days=28),
                                            outcome="agreed"), start + timedelta(days=28)),
        council.event(approved(post, transfer, on, function), start + timedelta(days=30)),
        council.event(took_effect(post, transfer, on, **shape), on),
        council.event(finance.BudgetMoved(**ids, from_cost_centre=centre,
                                          to_cost_centre=f"CEN-{function}-01",
                                          effective_date=on, financial_year="2026/27",
                                          full_year_amount=cost, amount_this_year=cost // 2),
                      on, "system"),
    ]  # fmt: skip


def read(documents: list[Document]) -> list[ReadEvent]:
    """Documents read back the way a consumer reads them."""
    return [read_document(document) for document in documents]


# Consultation exercises (hr.consultations) and scope decisions: sample values, dates given.


def exercise_opened(
    exercise: str = "CX-1a2b3c4d",
    posts: tuple[str, ...] = ("10423",),
    opened_on: date = date(2026, 3, 2),
    minimum_days: int = 30,
    *,
    at_risk: tuple[str, ...] = (),
    at_risk_counted: int | None = None,
    hr1_due: date | None = None,
    departments: tuple[str, ...] = ("CS",),
) -> consultation.ConsultationExerciseOpened:
    """An exercise whose recorded clock runs `minimum_days` from `opened_on`."""
    close = opened_on + timedelta(days=minimum_days)
    return consultation.ConsultationExerciseOpened(
        exercise_id=exercise, purpose="Move finance posts into Central Finance",
        post_numbers=list(posts), departments=list(departments), opened_on=opened_on,
        proposed_close=close, earliest_close=close, minimum_days=minimum_days,
        rule="the council's consultation policy", representatives=["UNISON", "GMB"],
        at_risk_posts=len(at_risk) if at_risk_counted is None else at_risk_counted,
        hr1_due=hr1_due, at_risk_post_numbers=list(at_risk),
    )  # fmt: skip


def question_asked(
    exercise: str = "CX-1a2b3c4d", question: str = "Q-1", on: date = date(2026, 3, 9)
) -> consultation.ConsultationQuestionAsked:
    return consultation.ConsultationQuestionAsked(
        exercise_id=exercise, question_id=question, asked_by="representative of UNISON",
        question="Will my place of work change?", asked_at=datetime.combine(on, time(10), UTC),
    )  # fmt: skip


def question_answered(
    exercise: str = "CX-1a2b3c4d", question: str = "Q-1", on: date = date(2026, 3, 10)
) -> consultation.ConsultationQuestionAnswered:
    return consultation.ConsultationQuestionAnswered(
        exercise_id=exercise, question_id=question, answer="No: the post stays where it is.",
        answered_at=datetime.combine(on, time(10), UTC),
    )  # fmt: skip


def exercise_closed(
    exercise: str = "CX-1a2b3c4d", closed_on: date = date(2026, 4, 1), outcome: str = "agreed"
) -> consultation.ConsultationExerciseClosed:
    return consultation.ConsultationExerciseClosed.model_validate(
        {"exercise_id": exercise, "closed_on": closed_on, "outcome": outcome}
    )


def decision_recorded(
    exercise: str = "CX-1a2b3c4d", decision: str = "proceed"
) -> consultation.ConsultationDecisionRecorded:
    return consultation.ConsultationDecisionRecorded.model_validate(
        {"exercise_id": exercise, "decision": decision, "reason": "the service case stands"}
    )


def scope_proposed(
    post: str = "10423", status: str = "out_of_scope", agreed: bool = False
) -> hr.PostScopeProposed | hr.PostScopeAgreed:
    """HR's scope proposal for a post or, `agreed`, its department lead's agreement."""
    kind = hr.PostScopeAgreed if agreed else hr.PostScopeProposed
    reason = "" if status == "in_scope" else "front-line role: stays in its department"
    return kind.model_validate({"post_number": post, "status": status, "reason": reason})


def facts_of(documents: list[Document]) -> list[PostFact]:
    """Workflow's facts about posts, as its tracker takes them from these documents."""
    return [
        PostFact(
            stream=d["aggregate_type"],
            sequence=d["sequence"],
            kind=CATALOGUE[d["event_type"]],
            occurred_at=datetime.fromisoformat(d["occurred_at"]),
            payload=d["payload"],
        )
        for d in documents
    ]
