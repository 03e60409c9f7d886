"""Budgets always balance: whatever HR sends, in whatever order, as often as it likes (moves,
rescinds, corrections of a post's cost or cost centre), the total of every line's available
money plus its reservations stays the same."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from services.finance.application import saga
from services.finance.domain.transfer import Money
from shared.events.base import EventPayload
from tests.support import events
from tests.unit.finance import fakes

REGISTRATION = "0190c0de-0000-7000-8000-000000000003"  # the event a correction names
KINDS = ("proposed", "approved", "effective", "cancelled", "rejected", "rescinded", "corrected")


def event(kind: str, transfer: int, cost: int) -> EventPayload:
    post, transfer_id = f"{10_000 + transfer}", f"T-{transfer}"
    if kind == "proposed":
        return events.proposed(post, transfer_id, cost=cost)
    if kind == "corrected":  # a cost or cost centre recorded wrongly, put right at any stage
        centre = "CS-FIN-01" if cost % 2 else "CS-FIN-02"
        fixed = {"annual_cost": cost, "cost_centre": centre}
        event_id = "0190c0de-0000-7000-8000-000000000003"
        return events.corrected(
            post, event_id, {k: (None, v) for k, v in fixed.items()}, None, transfer_id
        )
    if kind == "effective":
        # HR may report a different cost at the move than at the proposal.
        return events.took_effect(post, transfer_id, cost=cost + 500)
    maker: dict[str, Callable[[str, str], EventPayload]] = {
        "approved": events.approved,
        "cancelled": events.cancelled,
        "rejected": events.rejected,
        "rescinded": events.rescinded,
    }
    return maker[kind](post, transfer_id)


steps = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.integers(min_value=0, max_value=5),
        st.integers(min_value=0, max_value=80_000),
        st.booleans(),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(steps=steps, budget=st.integers(min_value=0, max_value=300_000))
def test_no_sequence_of_transfer_events_makes_or_loses_money(
    steps: list[tuple[str, int, int, bool]], budget: int
) -> None:
    book = fakes.books(budget)
    before = book.total()
    for kind, transfer, cost, redeliver in steps:
        payload = event(kind, transfer, cost)
        for _ in range(2 if redeliver else 1):
            saga.handle(book, payload)
        assert book.total() == before
    for line in book.lines.values():
        assert line.reserved >= 0
    held = sum(t.reserved_amount for t in book.transfers.values())
    assert held == sum(line.reserved for line in book.lines.values())
    # A rescinded move went back whole: what is still out of the departments is exactly
    # what the transfers still moved, never less than nothing.
    still_moved = sum(t.moved_amount for t in book.transfers.values() if t.money is Money.MOVED)
    assert sum(line.moved_in for line in book.lines.values()) == still_moved
    assert all(line.moved_out >= 0 and line.moved_in >= 0 for line in book.lines.values())
