"""What the board report takes from each post's events, read the same way by Workflow (its
stored facts) and the auditor (the log): one post's facts, folded in its stream's order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from shared.programme.board import DecisionFact, PostFacts

# The fact that marks each milestone.
MILESTONE_OF = {
    "ConsultationOpened": "consultation_started",
    "ConsultationClosed": "consultation_closed",
    "TransferApproved": "approved",
    "TransferEffective": "moved",
}
# The facts of the latest transfer (for stalls): its effective date, and how it ended early.
DATED = frozenset({"TransferProposed", "EffectiveDateChanged", "TransferApproved"})
ENDED = frozenset({"TransferRejected", "TransferCancelled"})
# Every event type the fold reads.
READ = frozenset({"PostRegistered", "PostScopeAgreed", *MILESTONE_OF, *DATED, *ENDED})


def milestone_date(event_type: str, occurred_on: date, payload: Mapping[str, Any]) -> date:
    """The day a milestone fact says it was reached: the consultation's opening day, the
    move's effective date, the day of the decision an approval names (else its own day)."""
    if event_type == "ConsultationOpened":
        return _day(payload["opened_on"])
    if event_type == "TransferEffective":
        return _day(payload["effective_date"])
    if event_type == "ConsultationClosed":
        return _day(payload["closed_on"])
    if event_type == "TransferApproved" and payload.get("decision_date"):
        return _day(payload["decision_date"])
    return occurred_on


def fold_post(
    post_number: str, facts: Iterable[tuple[str, date, Mapping[str, Any]]]
) -> PostFacts | None:
    """The post's facts from (event type, day it occurred, payload) in stream order; None
    until it is registered. A milestone counts from its first day (a later transfer does not
    move a consultation already begun); the latest scope agreement decides out of scope."""
    registered: Mapping[str, Any] | None = None
    registered_on: date | None = None
    out_of_scope_on: date | None = None
    reached: dict[str, date] = {}
    latest: dict[str, date] = {}
    for event_type, occurred_on, payload in facts:
        if event_type == "TransferProposed":
            latest["proposed"] = occurred_on
        if event_type in DATED:
            latest["effective_date"] = _day(payload["effective_date"])
        if event_type in ENDED:
            latest["transfer_ended"] = occurred_on
        if event_type == "PostRegistered":
            registered, registered_on = payload, occurred_on
        elif event_type == "PostScopeAgreed":
            out = payload.get("status") == "out_of_scope"
            out_of_scope_on = occurred_on if out else None
        elif event_type in MILESTONE_OF:
            milestone = MILESTONE_OF[event_type]
            when = milestone_date(event_type, occurred_on, payload)
            reached[milestone] = min(when, reached.get(milestone, when))
    if registered is None or registered_on is None:
        return None
    return PostFacts(
        post_number=post_number,
        function=str(registered["function"]),
        department=str(registered["department"]),
        already_central=bool(registered.get("team")),
        registered_on=registered_on,
        out_of_scope_on=out_of_scope_on,
        annual_cost=int(registered.get("annual_cost") or 0),
        **reached,
        **latest,
    )


def decision_of(post_number: str, payload: Mapping[str, Any]) -> DecisionFact | None:
    """The decision an approval named, if it named one."""
    if not payload.get("decision_reference") or not payload.get("decision_date"):
        return None
    return DecisionFact(
        post_number=post_number,
        reference=str(payload["decision_reference"]),
        decided_on=_day(payload["decision_date"]),
        maker=str(payload.get("decision_maker") or ""),
    )


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


PostStream = tuple[str, Sequence[tuple[str, date, Mapping[str, Any]]]]


def posts_and_decisions(
    streams: Iterable[PostStream],
) -> tuple[list[PostFacts], list[DecisionFact]]:
    """Every registered post's facts, and every decision its approvals named, from each
    post's (number, facts in stream order)."""
    posts: list[PostFacts] = []
    decisions: list[DecisionFact] = []
    for number, facts in streams:
        post = fold_post(number, facts)
        if post is not None:
            posts.append(post)
        decisions += [
            decision
            for event_type, _, payload in facts
            if event_type == "TransferApproved" and (decision := decision_of(number, payload))
        ]
    return posts, decisions
