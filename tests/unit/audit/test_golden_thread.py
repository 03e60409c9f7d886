"""The auditor's golden thread from the log alone: a candidate's events with its process's,
a redelivered event once, and a post's thread found through a benefit case's claim."""

from __future__ import annotations

from datetime import date

import pytest

from services.audit.domain.golden_thread import GoldenThread, UnknownThread
from services.audit.domain.records import AuditedEvent, EventRef
from shared.events import benefits, finance, redesign
from shared.events.base import EventPayload
from tests.support.events import Council, read


def thread_of(*payloads: tuple[EventPayload, str], twice: bool = False) -> GoldenThread:
    council, thread = Council(), GoldenThread()
    documents = [council.redesign(payload, producer) for payload, producer in payloads]
    for event in read(documents) * (1 + twice):
        ref = EventRef(event.event_id, event.envelope.event_type, "t", 0, 0, "a")
        if type(event.payload) in thread.events:
            thread.observe(AuditedEvent(event.envelope, event.payload, ref))
    return thread


FOUND = redesign.CandidateIdentified(
    candidate_id="CAN-1", process_id="PRC-1", team="FIN", kind="automate",
    title="Match invoices", automation_potential_percent=60, ease=4, post_numbers=["30001"],
)  # fmt: skip
LOG = (
    (redesign.ProcessRegistered(process_id="PRC-1", function="FIN", team="FIN", name="Invoices",
                                volume_per_year=9_000, minutes_per_case=6,
                                average_grade_cost=33_000), "finance"),
    (FOUND, "finance"),
    (benefits.BenefitCaseRecorded(
        candidate_id="CAN-1", owner_role="Head of Central Finance", baseline_measure="hours",
        baseline_value=900, baseline_date=date(2026, 4, 1), profile=[], one_off_cost=0,
        running_cost_per_year=0, post_numbers=["30001", "30007"]), "workflow"),
    (finance.SavingsRealised(team="FIN", financial_year="2026/27", amount=28_000,
                             candidate_id="CAN-1"), "finance"),
)  # fmt: skip


def test_a_candidates_thread_holds_its_process_and_its_own_events_each_once() -> None:
    answer = thread_of(*LOG, twice=True).answer("candidate:CAN-1")
    kinds = [event["event_type"] for event in answer["events"]]
    assert sorted(kinds) == sorted(
        ["ProcessRegistered", "CandidateIdentified", "BenefitCaseRecorded", "SavingsRealised"]
    )
    assert answer["realised_booked"] == 28_000


def test_a_post_claimed_only_by_a_benefit_case_leads_to_its_candidate() -> None:
    thread = thread_of(*LOG)
    assert [c["candidate_id"] for c in thread.answer("post:30007")["candidates"]] == ["CAN-1"]
    assert thread.answer("post:39999")["candidates"] == []
    assert thread.answer("team:Central Finance")["team"] == "FIN"


@pytest.mark.parametrize("subject", ["candidate:CAN-9", "team:NOPE", "process:PRC-1", "CAN-1"])
def test_a_subject_the_log_cannot_answer_is_refused_with_the_reason(subject: str) -> None:
    with pytest.raises(UnknownThread):
        thread_of(*LOG).answer(subject)
