"""What HR's API accepts, every consumer can apply: the contract as a property.

Hypothesis draws requests from HR's own API models (their bounds, not copies of them), HR's
handlers turn them into events as the API does, the events are sealed as the outbox seals
them and read back as every consumer reads them, then Finance's saga, Workflow's journey
fold and the audit replay take them. None may raise; a request HR's domain refuses (with
its reason, nothing written) is a fine answer. An effective date of 0001-01-01 once went
through HR's whole lifecycle and was dead-lettered by Finance: this is the test that says so.
"""

from __future__ import annotations

import json
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from uuid import uuid4

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from services.finance.application import saga
from services.finance.domain.budget import BudgetLine, CostCentre
from services.hr.application import commands as c
from services.hr.application.budget_checks import record_budget_check
from services.hr.application.handlers import handle
from services.hr.domain.errors import HrError
from services.hr.entrypoints.api import change_command
from services.hr.entrypoints.consumers import verdict_of
from services.hr.entrypoints.schemas import (
    CloseConsultationIn,
    EffectiveDateIn,
    OpenConsultationIn,
    PostChangeIn,
    PostIn,
    ProposalIn,
)
from services.workflow.domain.journey import fold_journey
from shared.approval_policy import APPROVING_ROLES, ApprovalPolicy
from shared.bounds import MOST_MONEY, CouncilDate
from shared.events.catalogue import ReadEvent, read_document
from shared.events.consultation_rules import DEFAULT_MINIMUM_DAYS
from shared.events.envelope import Actor
from shared.events.signing import sign_and_seal, signer_for
from shared.persistence.outbox import EventContext, NewEvent, envelope_document
from shared.reference import DEPARTMENTS, SUPPORT_FUNCTIONS, central_cost_centre
from tests.support.events import facts_of
from tests.support.model_strategies import for_annotation, valid
from tests.unit.audit.helpers import replay_records
from tests.unit.audit.scenario import Message, records
from tests.unit.finance.fakes import FakeBook, FakeSavings
from tests.unit.hr.fakes import FakeUnitOfWork

OFFICER = Actor(id="officer-1", role="hr_staff")


@dataclass
class Council:
    """HR's unit of work and Finance's books, joined as the topics join them."""

    today: date
    hr: FakeUnitOfWork = field(default_factory=FakeUnitOfWork)
    book: FakeBook = field(default_factory=FakeBook)
    savings: FakeSavings = field(default_factory=FakeSavings)
    streams: dict[tuple[str, str], tuple[int, str | None]] = field(default_factory=dict)
    log: list[Message] = field(default_factory=list)
    actor: Actor = OFFICER

    def give(self, command: object, actor: Actor = OFFICER, on: date | None = None) -> None:
        """HR handles the command from this officer on this day (default: today); a refusal
        is an answer. Its events go round the council, stamped with who and when."""
        self.actor, self.today = actor, on or self.today
        before = len(self.hr.committed)
        # A refusal (with its reason, nothing written) is a fine answer.
        with suppress(HrError), self.hr:
            handle(self.hr, command)
        for new in self.hr.committed[before:]:
            self.publish("hr", new)

    def publish(self, producer: str, event: NewEvent) -> ReadEvent:
        """Seal and sign the event as the outbox does, read it as a consumer does, and let Finance
        (for HR's events) and HR (for Finance's verdicts) take it."""
        key = (event.payload.AGGREGATE_TYPE, event.aggregate_id)
        sequence, previous = self.streams.get(key, (0, None))
        context = EventContext(producer=producer, actor=self.actor, correlation_id=uuid4())
        now = datetime.combine(self.today, time(9), tzinfo=UTC)
        document = sign_and_seal(
            envelope_document(event, context, sequence + 1, previous, now), signer_for(producer)
        )
        self.streams[key] = (sequence + 1, document["hash"])
        self.log.append(Message(event.payload.TOPIC, event.aggregate_id, document))
        # JSON every reader takes (Python's own writes `Infinity`, which no other reader,
        # and no HTTP answer showing it, can take).
        read = read_document(json.loads(json.dumps(document, allow_nan=False)))
        if producer == "hr":
            for answer in saga.handle(self.book, read.payload, self.savings):
                self.publish("finance", answer)
        elif (verdict := verdict_of(read)) is not None:
            with self.hr:
                record_budget_check(self.hr.posts, verdict)
        return read

    def fund(self, post: PostIn) -> None:
        """The post's own cost centre and its function's central one, with money to spare."""
        central = central_cost_centre(post.function)
        for code, owner in ((post.cost_centre, post.department), (central, "CENTRAL")):
            centre = CostCentre(code=code, name=code, owner=owner, function=post.function)
            self.book.save_cost_centre(centre)
            line = BudgetLine(cost_centre=code, function=post.function, annual_budget=MOST_MONEY)
            self.book.save_line(line)


POSTS = valid(
    PostIn,
    function=st.sampled_from(sorted(SUPPORT_FUNCTIONS)),
    department=st.sampled_from(sorted(DEPARTMENTS)),
    team=st.none(),  # a post already central has no transfer to test
    reports_to=st.none(),  # a line manager's post is another post: not this test's subject
)
NO_LINE_MANAGER: dict[str, Any] = {"line_manager": st.none()}
DAYS = for_annotation(CouncilDate, [])
POLICY = ApprovalPolicy()  # HR's API's own, unless its settings say otherwise
SCHEDULER = Actor(id="hr-scheduler", role="system")


@settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(
    today=DAYS,
    post=POSTS,
    change=st.none() | valid(PostChangeIn, corrects_event_id=st.none()),
    proposal=valid(ProposalIn, target_team=st.none(), **NO_LINE_MANAGER),
    new_date=st.none() | valid(EffectiveDateIn, **NO_LINE_MANAGER),
    opening=valid(OpenConsultationIn),
    closing=valid(CloseConsultationIn),
    approver_role=st.sampled_from(sorted(APPROVING_ROLES)),
)
def test_every_request_hr_accepts_makes_events_every_consumer_applies(
    today: date,
    post: PostIn,
    change: PostChangeIn | None,
    proposal: ProposalIn,
    new_date: EffectiveDateIn | None,
    opening: OpenConsultationIn,
    closing: CloseConsultationIn,
    approver_role: str,
) -> None:
    council = Council(today)
    council.fund(post)
    number = post.post_number
    council.give(c.RegisterPost(**post.model_dump(), effective_date=today))
    if change is not None:
        council.give(change_command(number, change, today))
    council.give(
        c.ProposeTransfer(
            post_number=number, target_team=None, effective_date=proposal.effective_date,
            reason=proposal.reason, proposed_by="officer-1",
        )
    )  # fmt: skip
    if new_date is not None:
        council.give(
            c.ChangeEffectiveDate(
                post_number=number, effective_date=new_date.effective_date, reason=new_date.reason
            )
        )
    council.give(
        c.OpenConsultation(
            post_number=number, opened_on=opening.opened_on or today, closes_by=opening.closes_by
        )
    )
    closed_on = closing.closed_on or today
    council.give(
        c.CloseConsultation(
            post_number=number, closed_on=closed_on, outcome=closing.outcome,
            notes=closing.notes, today=max(today, closed_on), minimum_days=DEFAULT_MINIMUM_DAYS,
        )
    )  # fmt: skip
    approver = Actor(id="approver-1", role=approver_role)
    approval = c.ApproveTransfer(
        post_number=number, approver=approver.id, approver_role=approver.role, policy=POLICY
    )
    council.give(approval, approver)
    # HR's scheduler makes it effective on the first day it may.
    effective_on = max(today, (new_date or proposal).effective_date, closed_on)
    council.give(
        c.ApplyDueChanges(post_number=number, today=effective_on), SCHEDULER, on=effective_on
    )
    council.give(c.TakeEffect(number, effective_on), SCHEDULER)

    documents = [m.document for m in council.log if m.document["aggregate_id"] == number]
    journey = fold_journey(number, facts_of(documents))
    report = replay_records(records(council.log), approvals=POLICY)
    event(f"furthest: {documents[-1]['event_type'] if documents else 'nothing registered'}")
    assert journey.post_number == number
    assert (report.unreadable, report.integrity, report.controls) == ([], [], [])
