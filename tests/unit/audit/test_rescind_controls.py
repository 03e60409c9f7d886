"""The rescind controls pair HR's TransferRescinded and Finance's BudgetMoveReversed both
ways: a rescind whose money never went back, and money moved back with no rescind (or twice,
or another amount), are caught, each naming its events."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.audit.domain.records import Finding
from tests.unit.audit.helpers import replay_messages
from tests.unit.audit.scenario import History

MOVED_ON = date(2026, 4, 1)
RESCINDED_ON = date(2026, 6, 1)
RULES = {"rescind_without_budget_reversal", "budget_reversal_without_rescind"}


def moved(post: str = "40101", cost: int = 40_000) -> History:
    history = History()
    history.register(post, "CS", cost, date(2026, 1, 5))
    history.full_transfer(post, "T-1", date(2026, 2, 1), MOVED_ON)
    return history


def rescind(history: History, post: str = "40101") -> None:
    history.rescind(post, "T-1", RESCINDED_ON, MOVED_ON)


def reverse(history: History, amount: int = 40_000, hour: int = 11) -> None:
    history.reverse("40101", "T-1", RESCINDED_ON, MOVED_ON, amount, hour)


def found(history: History, **options: object) -> list[Finding]:
    report = replay_messages(history.messages, **options)
    return [finding for finding in report.findings if finding.rule in RULES]


def only(history: History, rule: str, message: str, naming: str) -> Finding:
    """The one finding: its rule, its words, and the event it names first."""
    [finding] = found(history)
    assert (finding.rule, finding.message) == (rule, message)
    assert finding.events[0].event_id == event_id(history, naming)
    return finding


def event_id(history: History, event_type: str, nth: int = 0) -> str:
    ids = [
        m.document["event_id"] for m in history.messages if m.document["event_type"] == event_type
    ]
    return str(ids[nth])


def test_a_rescind_with_its_reversal_passes_both_controls() -> None:
    history = moved()
    rescind(history)
    reverse(history)
    report = replay_messages(history.messages)
    assert report.controls == []
    assert set(report.checks) >= RULES


def test_a_rescind_whose_budget_never_went_back_is_caught_after_the_grace() -> None:
    history = moved()
    rescind(history)
    message = (
        "post 40101: transfer T-1 was rescinded (recorded 2026-06-01 10:00) but Finance never "
        "moved its budget of £40,000 back"
    )
    only(history, "rescind_without_budget_reversal", message, "TransferRescinded")
    soon_after = datetime(2026, 6, 1, 20, tzinfo=UTC)
    assert found(history, read_at=soon_after) == [], "within the grace: not yet a finding"


def test_a_rescind_of_a_transfer_whose_budget_never_moved_needs_no_reversal() -> None:
    history = History()
    history.register("40102", "CS", 40_000, date(2026, 1, 5))
    history.propose("40102", "T-1", date(2026, 2, 1), MOVED_ON)
    rescind(history, "40102")
    assert found(history) == []


def test_money_moved_back_for_a_transfer_never_rescinded_is_caught() -> None:
    history = moved()
    reverse(history)
    message = "post 40101: £40,000 moved back for transfer T-1, which was never rescinded"
    finding = only(history, "budget_reversal_without_rescind", message, "BudgetMoveReversed")
    assert finding.events[0].topic == "finance.budgets"
    assert found(history, history_complete=False) == [], "the rescind may be before the window"


def test_a_second_reversal_or_another_amount_or_one_before_the_rescind_is_caught() -> None:
    history = moved()
    reverse(history, hour=9)  # before the rescind, recorded at 10:00 the same day
    rescind(history)
    reverse(history, amount=30_000)
    messages = sorted(finding.message for finding in found(history))
    assert messages == [
        "post 40101: £30,000 moved back for transfer T-1 a second time",
        "post 40101: £30,000 moved back for transfer T-1, but £40,000 had been moved",
        "post 40101: £40,000 moved back for transfer T-1 before it was rescinded",
    ]
    second = next(f for f in found(history) if f.message.endswith("a second time"))
    assert [ref.event_id for ref in second.events] == [
        event_id(history, "BudgetMoveReversed", 1),
        event_id(history, "BudgetMoveReversed", 0),
    ]
