"""Two dates in every read: "as of" (when a fact counts) and "as known on" (what had been
recorded by then). A correction recorded late changes what we now know about a date, not
what we believed about it before the correction was recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.audit.domain.org_chart import org_chart_of
from services.hr.application.org_chart import chart_as_of
from services.hr.application.post_as_of import post_as_of
from tests.unit.audit.helpers import replay_messages
from tests.unit.hr.test_org_chart import MOVED, _correction, _history, _of, _shape, _tree

BELIEVED_ON, CORRECTED_ON = date(2026, 3, 1), date(2026, 4, 15)


def test_what_we_believed_on_1_march_about_1_april_differs_from_what_we_now_know() -> None:
    """10424 was registered in Children's Services; on 15 April HR found it had always been
    an Adult Social Care post and corrected the registration."""
    history = _history()
    registration = _of(history, "10424", "PostRegistered")
    history.emit(_correction(registration, department="ASCH"), CORRECTED_ON)
    messages = history.messages
    documents = [m.document for m in messages if m.topic == "hr.posts"]

    def charts(known_on: date | None) -> dict[str, Any]:
        hr_chart = chart_as_of(documents, MOVED, known_on)
        replayed = replay_messages(messages, as_of=MOVED, as_known_on=known_on)
        assert hr_chart == org_chart_of(replayed, date.today())
        return hr_chart

    believed, known = charts(BELIEVED_ON), charts(None)
    assert (believed["as_of"], believed["as_known_on"]) == ("2026-04-01", "2026-03-01")
    # On 1 March the move of 10423 on 1 April was not yet recorded either.
    assert _shape(_tree(believed, "department", "CS")) == [
        ("100", None, [("10423", "100", []), ("10424", "100", [])])
    ]
    assert _tree(believed, "department", "ASCH") == []
    assert _shape(_tree(known, "department", "ASCH")) == [("10424", "100", [])]
    assert _shape(_tree(known, "department", "CS")) == [("100", None, [])]
    assert charts(CORRECTED_ON)["departments"] == known["departments"]


def test_hrs_post_view_answers_for_a_date_as_known_then_and_as_known_now() -> None:
    history = _history()
    registration = _of(history, "10424", "PostRegistered")
    history.emit(_correction(registration, department="ASCH", grade="Grade 8"), CORRECTED_ON)
    documents = [m.document for m in history.messages]
    believed = post_as_of(documents, "10424", MOVED, BELIEVED_ON)
    known = post_as_of(documents, "10424", MOVED, None)
    assert believed is not None and known is not None
    assert (believed["department"], believed["grade"]) == ("CS", "Grade 7")
    assert (known["department"], known["grade"], known["as_known_on"]) == ("ASCH", "Grade 8", None)
    moving = post_as_of(documents, "10423", MOVED, None)
    assert moving is not None
    assert (moving["stage"], moving["team"], moving["reports_to"]) == ("effective", "FIN", "900")
    before = post_as_of(documents, "10423", MOVED, BELIEVED_ON)
    assert before is not None and (before["stage"], before["team"]) == ("in_department", None)
    assert post_as_of(documents, "10424", date(2025, 12, 31), None) is None
