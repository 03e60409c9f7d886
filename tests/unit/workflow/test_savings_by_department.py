"""Savings by department of origin, and realised figures from the benefits register."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from services.workflow.domain.savings import (
    UNATTRIBUTED,
    CandidateSaving,
    RealisedRecord,
    by_department_of_origin,
    savings_position,
)

YEAR = "2026/27"


def _candidate(candidate_id: str, **changes: object) -> CandidateSaving:
    values: dict[str, object] = {
        "candidate_id": candidate_id, "committed": True, "estimated_money": 10_000.0,
        "realised_money": None, "delivered_on": None,
    } | changes  # fmt: skip
    return CandidateSaving(**values)  # type: ignore[arg-type]


def test_identified_counts_every_live_candidate_and_approved_only_committed_ones() -> None:
    candidates = [
        _candidate("CAN-1", committed=False),
        _candidate("CAN-2"),
        _candidate("CAN-3", committed=False, live=False),
    ]
    position = savings_position("ICT", YEAR, 50_000, [], candidates)
    assert (position.identified, position.approved, position.estimated) == (20_000, 10_000, 10_000)


def test_measured_benefit_replaces_the_delivery_figure_and_counts_in_its_own_year() -> None:
    delivered = _candidate(
        "CAN-1", realised_money=30_000, delivered_on=date(2026, 9, 1),
        measured={"2026/27": 12_000, "2027/28": 25_000},
    )  # fmt: skip
    assert savings_position("ICT", YEAR, 0, [], [delivered]).realised == 12_000
    assert savings_position("ICT", "2027/28", 0, [], [delivered]).realised == 25_000


def test_a_candidate_touching_two_departments_shares_its_savings_equally_between_them() -> None:
    shared = _candidate(
        "CAN-1", realised_money=8_000, delivered_on=date(2026, 9, 1), departments=("ASCH", "CS")
    )
    alone = _candidate("CAN-2", committed=False)
    booked = [RealisedRecord(YEAR, 5_000, None)]
    found = by_department_of_origin(YEAR, {"ASCH": 10_000, "PLACE": 1_000}, booked, [shared, alone])
    assert found["ASCH"].realised == 4_000 and found["CS"].realised == 4_000
    assert found["ASCH"].gap == 6_000 and found["PLACE"].gap == 1_000
    assert found[UNATTRIBUTED].realised == 5_000 and found[UNATTRIBUTED].identified == 10_000
    total = sum(position.realised for position in found.values())
    assert total == savings_position("ALL", YEAR, 0, booked, [shared, alone]).realised


departments = st.lists(st.sampled_from(["ASCH", "CS", "PLACE", "CST"]), max_size=3, unique=True)
candidates = st.lists(
    st.builds(
        lambda n, money, live, committed, depts: _candidate(
            f"CAN-{n}", estimated_money=float(money), live=live, committed=committed and live,
            realised_money=money, delivered_on=date(2026, 9, 1), departments=tuple(depts),
        ),
        st.integers(0, 10_000), st.integers(0, 50_000), st.booleans(), st.booleans(), departments,
    ),
    max_size=8, unique_by=lambda c: c.candidate_id,
)  # fmt: skip


@given(candidates)
def test_departments_add_up_to_the_programme_within_a_pound_per_department(
    listed: list[CandidateSaving],
) -> None:
    whole = savings_position("ALL", YEAR, 0, [], listed)
    parts = by_department_of_origin(YEAR, {}, [], listed).values()
    for measure in ("identified", "approved", "realised"):
        total = sum(getattr(part, measure) for part in parts)
        assert abs(total - getattr(whole, measure)) <= len(parts)
