"""HR seals personal fields before they reach its outbox (and so the log), on a real
database: under the key of the person the fact is about, with the hash over the ciphertext,
and nothing sealed where a fact is about nobody. The retention schedule erases a leaver once
their period has passed, and clears old bulk runs' typed values."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select

from services.hr.adapters.personal_keys import KeyRing, MasterKey, WrongMasterKey
from services.hr.adapters.tables import bulk_run_values, bulk_runs, leavers, messaging
from services.hr.adapters.unit_of_work import SqlUnitOfWork
from services.hr.application import commands as c
from services.hr.application import exercise_commands as x
from services.hr.application.handlers import handle
from services.hr.application.personal_data import Purge, purge_past_retention
from services.hr.domain.retention import RetentionSchedule
from shared.events.envelope import Actor
from shared.events.personal import is_sealed, key_id_of
from shared.persistence.outbox import EventContext
from tests.integration.hr.support import assert_stream_is_whole
from tests.support.posts import register_post

CONTEXT = EventContext(
    producer="hr", actor=Actor(id="hr-officer-1", role="hr_staff"), correlation_id=uuid.uuid4()
)
MASTER = MasterKey("a test master key that is long enough to be one")
NOW = datetime(2027, 1, 15, 9, 0, tzinfo=UTC)
SCHEDULE = RetentionSchedule(leaver_days=30, bulk_values_days=365)


@pytest.fixture
def engine(hr_engine: Engine) -> Engine:
    return hr_engine


def run(engine: Engine, *commands: Any) -> None:
    with SqlUnitOfWork(engine, CONTEXT, master_key=MASTER) as uow:
        for command in commands:
            handle(uow, command)


def update(number: str, changes: dict[str, Any], reason: str) -> c.UpdatePost:
    return c.UpdatePost(
        post_number=number, changes=changes, reason=reason, effective_date=date(2027, 1, 15)
    )


def outbox(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        query = select(messaging.outbox.c.body).order_by(messaging.outbox.c.id)
        return [json.loads(body) for body in connection.scalars(query)]


def opened(engine: Engine, value: str) -> str | None:
    with engine.connect() as connection:
        return KeyRing(connection, MASTER).open(value)


def payloads(engine: Engine, event_type: str) -> list[dict[str, Any]]:
    return [e["payload"] for e in outbox(engine) if e["event_type"] == event_type]


def test_a_filled_posts_employee_and_reasons_reach_the_outbox_sealed_under_one_key(
    engine: Engine,
) -> None:
    run(engine, register_post("70001"))
    run(engine, update("70001", {"grade": "Grade 8"}, "regraded"))

    registered, updated = payloads(engine, "PostRegistered")[0], payloads(engine, "PostUpdated")[0]
    assert is_sealed(registered["employee_ref"]) and is_sealed(updated["reason"])
    assert key_id_of(registered["employee_ref"]) == key_id_of(updated["reason"])
    assert "E70001" not in json.dumps(outbox(engine)) and "regraded" not in json.dumps(
        outbox(engine)
    )
    assert opened(engine, registered["employee_ref"]) == "E70001"
    assert opened(engine, updated["reason"]) == "regraded"
    assert_stream_is_whole(outbox(engine))  # the hashes cover the ciphertext


def test_a_vacant_posts_reasons_stay_readable(engine: Engine) -> None:
    run(engine, register_post("70002", employee_ref=None, employee_name=None))
    run(engine, update("70002", {"grade": "Grade 6"}, "regraded"))

    assert payloads(engine, "PostRegistered")[0]["employee_ref"] is None
    assert payloads(engine, "PostUpdated")[0]["reason"] == "regraded"


def test_the_reason_a_post_fell_vacant_is_sealed_under_its_leavers_key(engine: Engine) -> None:
    run(engine, register_post("70003"))
    run(engine, update("70003", {"employee_ref": None}, "left"))

    registered, left = payloads(engine, "PostRegistered")[0], payloads(engine, "PostUpdated")[0]
    assert left["vacant"] is True and left["employee_ref"] is None
    assert key_id_of(left["reason"]) == key_id_of(registered["employee_ref"])
    assert opened(engine, left["reason"]) == "left"


def test_a_staff_question_and_its_answer_are_sealed_a_representatives_are_not(
    engine: Engine,
) -> None:
    run(engine, register_post("70004"))
    run(
        engine,
        c.ProposeTransfer(
            post_number="70004",
            target_team=None,
            effective_date=date(2027, 4, 1),
            reason="centralise",
        ),
    )
    asked = datetime(2027, 1, 16, 10, 0, tzinfo=UTC)
    run(
        engine,
        x.OpenExercise(
            exercise_id="CX-seal0001",
            purpose="Centralise finance support",
            post_numbers=["70004"],
            opened_on=date(2027, 1, 15),
            proposed_close=date(2027, 3, 1),
            representatives=["UNISON"],
            at_risk_post_numbers=[],
        ),
        x.AskQuestion(exercise_id="CX-seal0001", question_id="Q1", asked_by="E70004",
                      question="Will my hours change?", asked_at=asked),
        x.AskQuestion(exercise_id="CX-seal0001", question_id="Q2",
                      asked_by="representative of UNISON", question="Is there a pay protection "
                      "policy?", asked_at=asked),
    )  # fmt: skip
    answer = "No: duties stay the same."
    run(
        engine,
        x.AnswerQuestion(
            exercise_id="CX-seal0001", question_id="Q1", answer=answer, answered_at=asked
        ),
    )

    staff, union = payloads(engine, "ConsultationQuestionAsked")
    answered = payloads(engine, "ConsultationQuestionAnswered")[0]["answer"]
    assert opened(engine, staff["asked_by"]) == "E70004"
    assert opened(engine, staff["question"]) == "Will my hours change?"
    assert opened(engine, answered) == answer
    assert union["asked_by"] == "representative of UNISON"
    assert union["question"] == "Is there a pay protection policy?"


def test_a_destroyed_key_opens_nothing_and_leaves_the_chain_whole(engine: Engine) -> None:
    run(engine, register_post("70005"))
    sealed = payloads(engine, "PostRegistered")[0]["employee_ref"]
    with engine.begin() as connection:
        assert KeyRing(connection, MASTER).destroy("E70005", NOW) == key_id_of(sealed)

    assert opened(engine, sealed) is None
    with engine.connect() as connection:
        assert KeyRing(connection, MASTER).was_erased(sealed)
    assert_stream_is_whole(outbox(engine))


def test_a_sealed_value_altered_or_opened_with_another_master_key_opens_to_nothing(
    engine: Engine,
) -> None:
    run(engine, register_post("70006"))
    sealed = payloads(engine, "PostRegistered")[0]["employee_ref"]
    altered = sealed[:-6] + ("AAAAAA" if not sealed.endswith("AAAAAA") else "BBBBBB")

    assert opened(engine, altered) is None
    with (
        engine.connect() as connection,
        pytest.raises(WrongMasterKey, match="PERSONAL_DATA_MASTER_KEY"),
    ):
        KeyRing(connection, MasterKey("another master key, also long enough")).open(sealed)


def purge(engine: Engine, today: date) -> Purge:
    with SqlUnitOfWork(engine, CONTEXT, master_key=MASTER) as uow:
        return purge_past_retention(uow, SCHEDULE, today)


def test_a_leaver_is_erased_once_the_retention_period_from_leaving_has_passed(
    engine: Engine,
) -> None:
    run(engine, register_post("70101"), register_post("70102"))
    run(engine, update("70101", {"employee_ref": None}, "left"))
    left_on = date(2027, 1, 15)

    assert purge(engine, left_on).newly_left == 1  # only the leaver: the other holds a post
    assert purge(engine, left_on + timedelta(days=29)).erased == []
    [erased] = purge(engine, left_on + timedelta(days=30)).erased

    assert (erased.employee_ref, erased.posts) == ("E70101", ["70101"])
    told = payloads(engine, "EmployeeDataErased")
    assert [(p["post_number"], p["ground"]) for p in told] == [("70101", "retention")]
    assert opened(engine, payloads(engine, "PostRegistered")[0]["employee_ref"]) is None
    assert opened(engine, payloads(engine, "PostRegistered")[1]["employee_ref"]) == "E70102"


def test_someone_who_holds_a_post_again_is_no_longer_counted_as_a_leaver(engine: Engine) -> None:
    run(engine, register_post("70103"))
    run(engine, update("70103", {"employee_ref": None}, "left"))
    purge(engine, date(2027, 1, 15))
    run(engine, update("70103", {"employee_ref": "E70103"}, "came back"))

    assert purge(engine, date(2027, 6, 1)).erased == []
    with engine.connect() as connection:
        assert list(connection.execute(select(leavers))) == []


def test_a_finished_bulk_runs_typed_values_go_after_their_period(engine: Engine) -> None:
    finished = {
        "old": datetime(2026, 1, 1, tzinfo=UTC),
        "recent": datetime(2027, 1, 10, tzinfo=UTC),
    }
    with engine.begin() as connection:
        for run_id, at in finished.items():
            connection.execute(
                insert(bulk_runs).values(
                    run_id=run_id, idempotency_key=run_id, request_hash="0" * 64,
                    action="reject", simulate=False, status="finished", requested_by="hr-1",
                    created_at=at, finished_at=at,
                )
            )  # fmt: skip
            rows = [{"reason": "not in this wave"}]
            connection.execute(insert(bulk_run_values).values(run_id=run_id, rows=rows))

    assert purge(engine, date(2027, 1, 15)).bulk_runs_cleared == 1
    with engine.connect() as connection:
        assert list(connection.scalars(select(bulk_run_values.c.run_id))) == ["recent"]
