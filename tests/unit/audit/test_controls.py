"""Each control check catches what breaks it, names the events, and passes a clean history."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.audit.domain.records import Finding
from shared.events import finance as fe
from tests.support.events import took_effect
from tests.unit.audit.helpers import replay_messages, rules
from tests.unit.audit.scenario import History, clean_history


def _registered(*posts: str) -> History:
    history = History()
    for post in posts:
        history.register(post, "CS", 40_000, date(2026, 1, 5))
    return history


def _event_id(history: History, event_type: str) -> str:
    return next(
        str(m.document["event_id"])
        for m in history.messages
        if m.document["event_type"] == event_type
    )


def _only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


def test_a_clean_history_passes_every_control_check() -> None:
    report = replay_messages(clean_history().messages)
    assert report.controls == []
    assert len(report.checks) == 20


def test_a_transfer_made_effective_without_consultation_is_caught_at_its_effective_event() -> None:
    history = _registered("40001")
    history.propose("40001", "T-9", date(2026, 2, 1), date(2026, 4, 1))
    history.check_budget("40001", "T-9", date(2026, 2, 1))
    history.approve("40001", "T-9", date(2026, 3, 2), date(2026, 4, 1))
    history.take_effect("40001", "T-9", date(2026, 4, 1))
    finding = _only(replay_messages(history.messages).findings)
    assert finding.rule == "effective_without_prior_steps"
    assert "without a closed consultation" in finding.message
    assert finding.events[0].event_id == _event_id(history, "TransferEffective")
    assert finding.events[0].topic == "hr.posts"


def test_a_budget_check_recorded_after_the_transfer_took_effect_does_not_count() -> None:
    history = _registered("40002")
    history.propose("40002", "T-8", date(2026, 2, 1), date(2026, 4, 1))
    history.consult("40002", "T-8", date(2026, 2, 2), date(2026, 3, 4))
    history.approve("40002", "T-8", date(2026, 3, 5), date(2026, 4, 1))
    history.take_effect("40002", "T-8", date(2026, 4, 1))
    history.check_budget("40002", "T-8", date(2026, 4, 2))
    finding = _only(replay_messages(history.messages).findings)
    assert finding.message == (
        "post 40002: transfer T-8 took effect without a passed budget check before it "
        "(BudgetCheckPassed only after it (2026-04-02T11:00:00+00:00))"
    )


def test_a_budget_move_of_another_amount_names_the_move_and_the_transfer() -> None:
    history = _registered("40003")
    history.full_transfer("40003", "T-7", date(2026, 2, 1), date(2026, 4, 1), moved=50_000)
    finding = _only(replay_messages(history.messages).findings)
    assert finding.rule == "budget_move_without_matching_transfer"
    assert "moved £50000" in finding.message and "annual cost of £40000" in finding.message
    assert [ref.event_type for ref in finding.events] == ["BudgetMoved", "TransferEffective"]
    assert finding.events[0].event_id == _event_id(history, "BudgetMoved")


def test_a_budget_move_for_a_transfer_that_never_took_effect_is_caught() -> None:
    history = _registered("40004")
    history.propose("40004", "T-6", date(2026, 2, 1), date(2026, 4, 1))
    ids = {"post_number": "40004", "transfer_id": "T-6"}
    history.emit(
        fe.BudgetMoved(
            **ids,
            from_cost_centre="CS-FIN-01",
            to_cost_centre="FIN-CENTRAL",
            effective_date=date(2026, 4, 1),
            financial_year="2026/27",
            full_year_amount=40_000,
            amount_this_year=40_000,
        ),
        date(2026, 4, 1),
    )
    finding = _only(replay_messages(history.messages).findings)
    assert finding.rule == "budget_move_without_matching_transfer"
    assert "never took effect" in finding.message


def test_a_transfer_recorded_as_effective_before_its_effective_date_is_caught() -> None:
    history = _registered("40005")
    history.full_transfer("40005", "T-5", date(2026, 2, 1), date(2026, 4, 1))
    effective = next(m for m in history.messages if m.document["event_type"] == "TransferEffective")
    effective.document["payload"]["effective_date"] = "2026-04-02"  # also breaks its hash
    report = replay_messages(history.messages)
    late = [f for f in report.findings if f.rule == "effective_before_effective_date"]
    assert "took effect on 2026-04-01, before its effective date 2026-04-02" in late[0].message
    assert rules(report) == ["altered", "effective_before_effective_date"]


def test_an_approval_by_someone_without_the_hr_role_is_caught() -> None:
    history = _registered("40006")
    history.propose("40006", "T-4", date(2026, 2, 1), date(2026, 4, 1))
    history.approve("40006", "T-4", date(2026, 3, 2), date(2026, 4, 1), role="finance_staff")
    finding = _only(replay_messages(history.messages).findings)
    assert finding.rule == "approval_not_by_hr_staff"
    assert "in the role finance_staff" in finding.message
    assert finding.events[0].event_id == _event_id(history, "TransferApproved")


def test_a_second_transfer_proposed_while_one_is_live_names_both_proposals() -> None:
    history = _registered("40007")
    history.propose("40007", "T-2", date(2026, 2, 1), date(2026, 4, 1))
    history.propose("40007", "T-3", date(2026, 2, 3), date(2026, 5, 1))
    finding = _only(replay_messages(history.messages).findings)
    assert finding.rule == "post_in_two_live_transfers"
    assert "transfer T-3 proposed while transfer T-2 was still live" in finding.message
    assert len(finding.events) == 2


def test_a_new_transfer_after_the_last_one_ended_is_fine() -> None:
    history = _registered("40008")
    history.propose("40008", "T-2", date(2026, 2, 1), date(2026, 4, 1))
    history.cancel("40008", "T-2", date(2026, 2, 2), "proposed")
    history.propose("40008", "T-3", date(2026, 2, 3), date(2026, 5, 1))
    assert replay_messages(history.messages).findings == []


def test_from_a_date_a_transfer_begun_before_the_window_is_not_blamed_for_earlier_steps() -> None:
    history = _registered("40009")
    history.full_transfer("40009", "T-1", date(2026, 2, 1), date(2026, 4, 1))
    window = [m for m in history.messages if m.document["occurred_at"] >= "2026-04-01"]
    assert replay_messages(window, history_complete=False).findings == []
    assert "effective_without_prior_steps" in rules(replay_messages(window))


def _effective_without_move(post: str) -> History:
    history = _registered(post)
    history.propose(post, "T-9", date(2026, 2, 1), date(2026, 4, 1))
    history.check_budget(post, "T-9", date(2026, 2, 1))
    history.consult(post, "T-9", date(2026, 2, 2), date(2026, 3, 4))
    history.approve(post, "T-9", date(2026, 3, 5), date(2026, 4, 1))
    history.emit(took_effect(post, "T-9", date(2026, 4, 1), department="CS", cost=40_000),
                 date(2026, 4, 1))  # fmt: skip
    return history


def test_an_effective_transfer_whose_budget_never_moved_is_caught_after_the_grace() -> None:
    history = _effective_without_move("40020")
    finding = _only(replay_messages(history.messages).findings)  # read now: months later
    assert finding.rule == "effective_transfer_without_budget_move"
    assert "post 40020: transfer T-9 took effect" in finding.message
    assert "Finance never moved its budget" in finding.message
    assert finding.events[0].event_id == _event_id(history, "TransferEffective")


def test_a_budget_move_still_within_the_grace_is_not_a_finding() -> None:
    history = _effective_without_move("40021")
    read_soon_after = datetime(2026, 4, 1, 20, tzinfo=UTC)
    assert rules(replay_messages(history.messages, read_at=read_soon_after)) == []
