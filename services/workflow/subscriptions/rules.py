"""Who may subscribe to, read and manage a department's feed; which departments an event
concerns; how long to wait before retrying a webhook. Pure rules, no infrastructure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from services.workflow.subscriptions.kinds import kind_of
from shared.events import consultation, milestones, redesign
from shared.events.base import EventPayload
from shared.reference import DEPARTMENTS, department_code


class SubscriptionRefused(Exception):
    """The caller may not do this to this department's subscriptions or feed."""


class SubscriptionNotFound(Exception):
    """No subscription with that id."""

    def __init__(self, subscription_id: str) -> None:
        super().__init__(f"subscription {subscription_id} does not exist")


class DeliveryNotParked(Exception):
    """The delivery named is not parked on that subscription."""

    def __init__(self, delivery_id: str) -> None:
        super().__init__(f"delivery {delivery_id} is not parked on this subscription")


class UnknownDepartment(ValueError):
    """The department named is not one of the council's."""

    def __init__(self, name: str) -> None:
        known = ", ".join(f"{code} ({name})" for code, name in DEPARTMENTS.items())
        super().__init__(f"unknown department {name!r}: choose from {known}")


def department_named(name: str) -> str:
    """The department code for a code or full name ("Children's Services" → CS)."""
    code = department_code(name)
    if code is None:
        raise UnknownDepartment(name)
    return code


def check_may_manage(role: str, own_department: str | None, department: str) -> None:
    """Only a department's own lead creates, deletes or redelivers its subscriptions."""
    if role != "department_lead":
        raise SubscriptionRefused(
            f"only department leads manage subscriptions; you are signed in as {role}"
        )
    if department != own_department:
        raise SubscriptionRefused(
            f"department leads subscribe only to their own department ({own_department}), "
            f"not {department}"
        )


def feed_scope(role: str, own_department: str | None, requested: str | None) -> str | None:
    """The department whose feed and subscriptions the caller may read (None: every one).

    A lead reads only their own; an auditor any one, or all; HR and finance staff none."""
    if role == "department_lead":
        if requested is not None and requested != own_department:
            raise SubscriptionRefused(
                f"department leads see only their own department ({own_department}), "
                f"not {requested}"
            )
        return own_department
    if role == "auditor":
        return requested
    raise SubscriptionRefused(
        f"the feed is for department leads and auditors; you are signed in as {role}"
    )


def departments_of(
    event: type[EventPayload],
    envelope_department: str | None,
    payload: Mapping[str, Any],
    candidate_departments: Mapping[str, Sequence[str]],
    exercise_departments: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """The departments whose feed shows this event (none: in no feed).

    The envelope's department, except for candidates and consultation exercises, which may
    touch several: those their first event named (later events name none)."""
    if kind_of(event) is None:
        return []
    named: list[str] = []
    if event in (
        redesign.CandidateIdentified,
        consultation.ConsultationExerciseOpened,
        milestones.WaveSlipped,
    ):
        named = list(payload.get("departments") or [])
    elif "candidate_id" in payload:
        named = list(candidate_departments.get(str(payload["candidate_id"]), []))
    elif event in consultation.EVENTS:
        named = list((exercise_departments or {}).get(str(payload["exercise_id"]), []))
    if envelope_department:
        named.append(envelope_department)
    return sorted(set(named))


def backoff_delay(failures: int, base_s: float, cap_s: float) -> float:
    """Seconds to wait after the n-th failure in a row: base, 2×base, 4×base … up to cap."""
    return float(min(cap_s, base_s * 2 ** max(0, failures - 1)))
