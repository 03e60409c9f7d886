"""The org chart as of a date: HR's fold of its post history and the audit's replay of the
log give the same chart, future-dated lines wait for their date, vacancies show."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from services.audit.domain.org_chart import org_chart_of
from services.hr.application.org_chart import chart_as_of
from shared.events import hr as he
from shared.events.post_corrections import FactCorrection, PostFactCorrected
from shared.org_chart import ChartPost, org_chart
from tests.support.events import proposed, registered, rescinded, took_effect
from tests.unit.audit.helpers import replay_messages
from tests.unit.audit.scenario import History

REGISTERED, MOVED, LATER = date(2026, 1, 5), date(2026, 4, 1), date(2026, 6, 1)


def _history() -> History:
    """Head 900 of Central Finance; manager 100 (vacant) and 10423, 10424 under it in CS;
    10423 moves on 1 April; 10424's line to 10423 is recorded in February for 1 June."""
    history = History()
    head = registered("900").model_copy(update={"team": "FIN", "title": "Head of Finance"})
    history.emit(head, REGISTERED)
    history.emit(he.TeamHeadNamed(post_number="900", team="FIN"), REGISTERED)
    history.emit(registered("100").model_copy(update={"employee_ref": None}), REGISTERED)
    for number in ("10423", "10424"):
        history.emit(registered(number).model_copy(update={"reports_to": "100"}), REGISTERED)
    history.emit(
        he.ReportingLineChanged(post_number="10424", reports_to="10423"),
        date(2026, 2, 1),
        effective_date=LATER.isoformat(),
    )
    history.emit(proposed("10423", "T-1", MOVED).model_copy(update={"line_manager": "900"}), MOVED)
    moved = took_effect("10423", "T-1", MOVED).model_copy(
        update={"reports_to": "900", "previous_reports_to": "100"}
    )
    history.emit(moved, MOVED)
    return history


def _tree(chart: dict[str, Any], key: str, unit: str) -> list[Any]:
    group = "departments" if key == "department" else "teams"
    return next(u["posts"] for u in chart[group] if u[key] == unit)


def _shape(nodes: list[dict[str, Any]]) -> list[Any]:
    return [(n["post_number"], n["reports_to"], _shape(n["reports"])) for n in nodes]


@pytest.mark.parametrize("as_of", [date(2025, 12, 1), REGISTERED, MOVED, LATER])
def test_hrs_chart_and_the_audit_replays_chart_are_the_same_on_every_date(as_of: date) -> None:
    messages = _history().messages
    hr_chart = chart_as_of([m.document for m in messages if m.topic == "hr.posts"], as_of)
    assert hr_chart == org_chart_of(replay_messages(messages, as_of=as_of), date.today())


def test_a_move_takes_the_post_and_its_line_into_the_team_on_its_effective_date() -> None:
    documents = [m.document for m in _history().messages]
    before = chart_as_of(documents, date(2026, 3, 31))
    assert _shape(_tree(before, "department", "CS")) == [
        ("100", None, [("10423", "100", []), ("10424", "100", [])])
    ]
    after = chart_as_of(documents, MOVED)
    assert _shape(_tree(after, "team", "FIN")) == [("900", None, [("10423", "900", [])])]
    assert _shape(_tree(after, "department", "CS")) == [("100", None, [("10424", "100", [])])]
    assert after["vacancies"] == 1
    assert next(t for t in after["teams"] if t["team"] == "FIN")["head"] == "900"


def test_a_line_recorded_early_counts_only_from_its_effective_date() -> None:
    documents = [m.document for m in _history().messages]
    later = chart_as_of(documents, LATER)
    # 10424 now reports across to 10423 in Central Finance: it tops CS's tree and says where.
    assert _shape(_tree(later, "department", "CS")) == [("100", None, []), ("10424", "10423", [])]


def test_a_loop_in_the_data_still_shows_every_post() -> None:
    posts = [
        ChartPost(post_number=n, title="x", vacant=False, department="CS", team=None, reports_to=m)
        for n, m in (("1", "2"), ("2", "1"))
    ]
    chart = org_chart(posts, {}, date(2027, 1, 1))
    assert _shape(_tree(chart, "department", "CS")) == [("1", "2", [("2", "1", [])])]


def test_after_a_rescind_both_charts_show_the_post_back_on_its_old_line() -> None:
    history = _history()
    back = rescinded("10423", "T-1", MOVED).model_copy(update={"reports_to": "100"})
    history.emit(back, date(2026, 5, 1))
    messages = history.messages
    for as_of in (date(2026, 4, 30), date(2026, 5, 1)):
        hr_chart = chart_as_of([m.document for m in messages if m.topic == "hr.posts"], as_of)
        assert hr_chart == org_chart_of(replay_messages(messages, as_of=as_of), date.today())
    after = chart_as_of([m.document for m in messages], date(2026, 5, 1))
    assert _shape(_tree(after, "department", "CS")) == [
        ("100", None, [("10423", "100", []), ("10424", "100", [])])
    ]


def _correction(document: dict[str, Any], **fixed: Any) -> PostFactCorrected:
    recorded = {**document["payload"], "effective_date": document["effective_date"]}
    return PostFactCorrected(
        post_number=document["aggregate_id"],
        corrects_event_id=document["event_id"],
        corrects_event_type=document["event_type"],
        corrections=tuple(
            FactCorrection(field=k, old=recorded.get(k), new=v) for k, v in fixed.items()
        ),
        reason="recorded wrongly",
        decided_by="Head of HR Operations",
    )


def _of(history: History, post: str, event_type: str) -> dict[str, Any]:
    return next(
        m.document
        for m in history.messages
        if m.key == post and m.document["event_type"] == event_type
    )


def test_a_late_correction_puts_both_charts_right_on_dates_before_it_was_recorded() -> None:
    """10424 was registered in the wrong department, and its line to 10423 dated too late:
    both corrected in July; every chart from its registration on shows the right facts."""
    history = _history()
    registration = _of(history, "10424", "PostRegistered")
    line = _of(history, "10424", "ReportingLineChanged")
    corrected_on = date(2026, 7, 1)
    history.emit(_correction(registration, department="ASCH"), corrected_on)
    history.emit(_correction(line, effective_date="2026-03-01"), corrected_on)
    messages = history.messages
    for as_of in (REGISTERED, date(2026, 3, 1), MOVED, LATER, corrected_on):
        hr_chart = chart_as_of([m.document for m in messages if m.topic == "hr.posts"], as_of)
        assert hr_chart == org_chart_of(replay_messages(messages, as_of=as_of), date.today())
    first = chart_as_of([m.document for m in messages], REGISTERED)
    assert _shape(_tree(first, "department", "ASCH")) == [("10424", "100", [])]
    assert _shape(_tree(first, "department", "CS")) == [("100", None, [("10423", "100", [])])]
    march = chart_as_of([m.document for m in messages], date(2026, 3, 1))
    assert _shape(_tree(march, "department", "ASCH")) == [("10424", "10423", [])]
