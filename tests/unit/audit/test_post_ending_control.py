"""The auditor's check of post endings: a filled post ends only after the exercise that
consulted on it as at risk closed (not agreed: only with a decision to proceed), and once."""

from __future__ import annotations

from datetime import date

from services.audit.domain.records import Finding
from shared.events import hr
from tests.support.events import decision_recorded, exercise_closed, exercise_opened
from tests.unit.audit.helpers import replay_messages
from tests.unit.audit.scenario import History

RULE = "filled_post_ended_without_consultation"
OPENED, CLOSED, ENDS = date(2026, 3, 2), date(2026, 4, 1), date(2026, 9, 30)


def ended(post: str, exercise: str | None, filled: bool = True) -> hr.PostDisestablished:
    return hr.PostDisestablished(
        post_number=post, candidate_id="CAN-1", team="FIN", effective_date=ENDS,
        function="FIN", department="CS", cost_centre="CEN-FIN-01", annual_cost=30_000,
        fte=1.0, was_filled=filled, exercise_id=exercise,
    )  # fmt: skip


def consulted(outcome: str = "agreed", *, at_risk: tuple[str, ...] = ("30001",)) -> History:
    history = History()
    history.register("30001", "CS", 30_000, date(2026, 1, 5))
    history.register("30002", "CS", 30_000, date(2026, 1, 5))
    history.emit(exercise_opened("CX-1", ("30001",), OPENED, at_risk=at_risk), OPENED)
    history.emit(exercise_closed("CX-1", CLOSED, outcome), CLOSED)
    return history


def found(history: History) -> list[Finding]:
    return [f for f in replay_messages(history.messages).findings if f.rule == RULE]


def test_a_filled_post_ended_after_its_consultation_and_a_vacant_one_ended_directly_pass() -> None:
    history = consulted()
    history.emit(ended("30001", "CX-1"), ENDS)
    history.emit(ended("30002", None, filled=False), ENDS)
    assert found(history) == []


def test_a_filled_post_ended_without_its_consultation_as_at_risk_is_caught() -> None:
    history = consulted(at_risk=())
    history.emit(ended("30001", "CX-1"), ENDS)
    history.emit(ended("30002", None), ENDS)
    messages = sorted(f.message for f in found(history))
    assert messages == [
        "filled post 30001 was disestablished but exercise CX-1 did not consult on it as at risk",
        "filled post 30002 was disestablished with no consultation exercise named",
    ]


def test_not_agreed_needs_a_decision_to_proceed_and_a_post_ends_once() -> None:
    history = consulted("not_agreed")
    history.emit(ended("30001", "CX-1"), ENDS)
    assert "closed not agreed, with no decision to proceed" in found(history)[0].message
    history.emit(decision_recorded("CX-1", "proceed"), CLOSED)
    assert found(history) == []
    history.emit(ended("30001", "CX-1"), ENDS)
    assert [f.message for f in found(history)] == ["post 30001 was disestablished twice"]
