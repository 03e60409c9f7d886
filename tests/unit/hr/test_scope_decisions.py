"""Scope is proposed by HR and agreed or challenged by the post's own department lead."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.hr.domain.errors import ScopeNotAllowed
from services.hr.domain.scope import ScopeDecision, ScopeStatus, propose_scope, respond

AT = datetime(2027, 1, 5, tzinfo=UTC)


def _proposal(status: str = "out_of_scope", reason: str = "Clinical admin") -> ScopeDecision:
    return propose_scope(status=status, reason=reason, proposed_by="hr-1", proposed_at=AT)


def _respond(decision: ScopeDecision | None, **changes: str | None) -> ScopeDecision:
    arguments: dict[str, str | None] = {
        "post_number": "10001",
        "post_department": "ASCH",
        "lead_department": "ASCH",
        "response": "agreed",
        "lead": "lead-asch",
        "reason": "",
        **changes,
    }
    return respond(decision, **arguments)  # type: ignore[arg-type]


def test_out_of_scope_blocks_a_transfer_and_in_scope_does_not() -> None:
    assert _proposal().blocks_transfer
    assert not _proposal("in_scope", "").blocks_transfer
    assert not _proposal("under_review", "awaiting review").blocks_transfer


@pytest.mark.parametrize(
    ("status", "reason", "refusal"),
    [
        ("sideways", "x", "a scope status is one of in_scope, out_of_scope, under_review"),
        ("out_of_scope", " ", "proposing a post as out of scope needs a reason"),
        ("under_review", "", "proposing a post as under review needs a reason"),
    ],
)
def test_a_proposal_with_an_unknown_status_or_no_reason_is_refused(
    status: str, reason: str, refusal: str
) -> None:
    with pytest.raises(ScopeNotAllowed, match=refusal):
        _proposal(status, reason)


def test_the_lead_of_the_posts_department_agrees_and_the_agreement_is_kept() -> None:
    agreed = _respond(_proposal())
    assert agreed.agreed and agreed.responded_by == "lead-asch"
    assert agreed.status is ScopeStatus.OUT_OF_SCOPE


@pytest.mark.parametrize("lead_department", ["CS", None, ""])
def test_a_lead_of_another_department_or_of_none_cannot_sign_off(
    lead_department: str | None,
) -> None:
    with pytest.raises(ScopeNotAllowed, match="only that department's lead"):
        _respond(_proposal(), lead_department=lead_department)


def test_a_challenge_needs_reasons_and_stops_further_responses_until_hr_proposes_again() -> None:
    with pytest.raises(ScopeNotAllowed, match="needs a reason"):
        _respond(_proposal(), response="challenged")
    challenged = _respond(_proposal(), response="challenged", reason="It is a finance role")
    assert not challenged.agreed
    with pytest.raises(ScopeNotAllowed, match="already challenged"):
        _respond(challenged)


def test_nothing_to_agree_before_hr_proposes_and_only_agreed_or_challenged() -> None:
    with pytest.raises(ScopeNotAllowed, match="has not proposed a scope"):
        _respond(None)
    with pytest.raises(ScopeNotAllowed, match="agreed or challenged"):
        _respond(_proposal(), response="maybe")
