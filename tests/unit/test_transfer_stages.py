"""The transfer stages are one vocabulary: HR's transfer, Workflow's journey and the audit's
establishment all say a stage in the words of `shared.events.stages`."""

from __future__ import annotations

from services.hr.domain.transfer import Stage, stage_words, state_words
from services.workflow.domain.journey import JourneyStage
from shared.events import hr
from shared.events.stages import STAGE_AFTER, TransferStage


def test_hr_has_words_for_every_shared_stage_and_workflow_names_each_the_same() -> None:
    assert Stage is TransferStage
    assert all(stage_words(stage) and state_words(stage) for stage in TransferStage)
    assert {stage.value for stage in TransferStage} <= {stage.value for stage in JourneyStage}


def test_every_stage_is_reached_by_exactly_one_hr_event() -> None:
    assert sorted(STAGE_AFTER.values()) == sorted(TransferStage)
    assert all(event.TOPIC == hr.PostEvent.TOPIC for event in STAGE_AFTER)
