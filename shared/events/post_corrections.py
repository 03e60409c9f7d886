"""Corrections of facts HR recorded about posts (topic `hr.posts`, key: post number).

A recorded fact that was wrong is corrected by a new event that names it, never by
rewriting it (domain brief): consumers read the named event as if it had said the new
values, in their as-of views too.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from shared.events.base import EventPayload
from shared.events.hr import PostEvent
from shared.events.personal import PersonalText

FactValue = str | int | float | None


class FactCorrection(BaseModel):
    """One field of a recorded fact put right: what the event said, and what it should say."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    field: str = Field(description="The field corrected: function, department, grade, ...")
    old: FactValue = Field(description="The value the corrected event recorded.")
    new: FactValue = Field(description="The value it should have recorded.")


class PostFactCorrected(PostEvent):
    """HR put right a fact it had recorded wrongly about a post, by naming the event, never
    rewriting it: consumers read that event as if it had said the new values (as-of views
    too). HR → Finance (re-check a live transfer), Workflow, audit."""

    EVENT_TYPE: ClassVar[str] = "PostFactCorrected"

    corrects_event_id: str = Field(description="The event whose facts are put right.")
    corrects_event_type: str = Field(description="Its type, e.g. PostRegistered.")
    corrections: tuple[FactCorrection, ...] = Field(
        min_length=1, description="Each field corrected, with its old and new value."
    )
    in_force: dict[str, FactValue] = Field(
        default_factory=dict,
        description="The post's values now that changed because of it (empty when a later "
        "fact still holds): what a consumer keeping only the present applies.",
    )
    reason: PersonalText = Field(description="Why the recorded fact was wrong.")
    decided_by: str = Field(description="Who decided to correct it (a role or reference).")
    live_transfer_id: str | None = Field(
        None, description="The post's transfer under way then: Finance re-checks its budget."
    )


EVENTS: tuple[type[EventPayload], ...] = (PostFactCorrected,)
