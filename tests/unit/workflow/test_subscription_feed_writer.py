"""The feed consumer's effect on a database, and the watch client's SSE reading."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import StaticPool

from services.workflow.adapters.tables import metadata
from services.workflow.entrypoints.watch_cli import readable, sse_frames
from services.workflow.subscriptions import feed_store
from services.workflow.subscriptions.feed import apply_feed_events
from shared.events import redesign
from tests.support.envelopes import StreamWriter
from tests.support.events import Council, corrected, read, registered

WORKFLOW = StreamWriter("workflow")


def _engine() -> Engine:
    engine = create_engine("sqlite://", poolclass=StaticPool)
    metadata.create_all(engine)
    return engine


def test_events_become_feed_rows_per_department_in_the_order_consumed() -> None:
    council, engine = Council(), _engine()
    cs = council.hr.document(registered("1", department="CS"), "1", "CS")
    place = council.hr.document(registered("2", department="PLACE"), "2", "PLACE")
    nowhere = council.hr.document(registered("3"), "3", None)
    candidate = redesign.CandidateIdentified(
        candidate_id="C1",
        process_id="P1",
        team="ICT",
        kind="digitise",
        title="Online forms",
        automation_potential_percent=30,
        ease=3,
        departments=["PLACE", "CS"],
    )
    identified = WORKFLOW.document(candidate, "C1")
    approved = WORKFLOW.document(redesign.CandidateApproved(candidate_id="C1"), "C1")
    with engine.begin() as connection:
        apply_feed_events(connection, read([cs, place, nowhere, identified]))
    with engine.begin() as connection:  # a later batch: the candidate's departments remembered
        apply_feed_events(connection, read([approved]))

    with engine.connect() as connection:
        every = feed_store.feed_after(connection, 0, None, ("posts", "candidates"), 100)
        only_cs = feed_store.feed_after(connection, 0, "CS", ("candidates",), 100)
    assert [(i.feed_id, i.department, i.event_type) for i in every] == [
        (1, "CS", "PostRegistered"),
        (2, "PLACE", "PostRegistered"),
        (3, "CS", "CandidateIdentified"),
        (4, "PLACE", "CandidateIdentified"),
        (5, "CS", "CandidateApproved"),
        (6, "PLACE", "CandidateApproved"),
    ]
    assert [i.feed_id for i in only_cs] == [3, 5]
    notification = every[0].notification()
    assert notification["event"] == cs  # the envelope exactly as consumed
    assert notification["summary"] == "Finance Officer (Grade 7, 1.0 FTE) registered in CS"
    assert every[4].summary == "candidate approved for delivery"


def test_a_feed_line_reads_as_time_type_post_and_summary() -> None:
    council = Council()
    document = council.event(registered("10001"), date(2026, 6, 1))
    line = readable(
        {
            "event_type": "PostRegistered",
            "aggregate_id": "10001",
            "occurred_at": document["occurred_at"],
            "summary": "Finance Officer registered in CS",
            "event": document,
        }
    )
    assert line.split() == [
        "2026-06-01",
        "09:00",
        "PostRegistered",
        "post",
        "10001",
        "Finance",
        "Officer",
        "registered",
        "in",
        "CS",
    ]


async def test_the_sse_reader_yields_frames_and_skips_comments() -> None:
    async def lines() -> AsyncIterator[str]:
        for line in [
            "retry: 2000",
            ": connected after 0",
            "",
            "id: 7",
            "event: TransferApproved",
            'data: {"a":',
            "data: 1}",
            "",
            ": heartbeat",
            "",
            "id: 8",
            "data: {}",
            "",
        ]:
            yield line

    frames = [frame async for frame in sse_frames(lines())]
    assert [(f.id, f.event, "\n".join(f.data)) for f in frames] == [
        ("7", "TransferApproved", '{"a":\n1}'),
        ("8", None, "{}"),
    ]


def test_a_corrected_department_reaches_the_feed_of_the_department_it_is_corrected_to() -> None:
    council, engine = Council(), _engine()
    registration = council.hr.document(registered("4", department="CS"), "4", "CS")
    fix = corrected("4", registration["event_id"], {"department": ("CS", "ASCH")})
    correction = council.hr.document(fix, "4", "ASCH")  # HR tags it with the right department
    with engine.begin() as connection:
        apply_feed_events(connection, read([registration, correction]))
    with engine.connect() as connection:
        asch = feed_store.feed_after(connection, 0, "ASCH", ("posts",), 100)
        cs = feed_store.feed_after(connection, 0, "CS", ("posts",), 100)
    assert [i.event_type for i in asch] == ["PostFactCorrected"]
    assert [i.event_type for i in cs] == ["PostRegistered"]
