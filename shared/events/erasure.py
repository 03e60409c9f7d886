"""HR erased an employee's personal data (topic `hr.posts`, key: post number).

Crypto-shredding (see `shared/events/personal.py`): HR destroyed the employee's data key, so
every field sealed under it, on the log and in every copy of it, can no longer be read; the
events themselves, and their hashes, stay as they were. Told once in the stream of each post
whose events held such fields, so a post's timeline says why its earlier entries read
`(sealed)` for good. It names the key, never the person.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from shared.bounds import CouncilDate
from shared.events.base import EventPayload
from shared.events.hr import PostEvent

ErasureGround = Literal["request", "retention"]


class EmployeeDataErased(PostEvent):
    """HR destroyed the key that sealed an employee's personal fields in this post's stream
    (an erasure request, or the retention schedule). HR → Workflow (timeline), Finance and
    audit (nothing to do: neither reads a sealed field)."""

    EVENT_TYPE: ClassVar[str] = "EmployeeDataErased"

    key_id: str = Field(description="The destroyed key: fields sealed under it are unreadable.")
    erased_on: CouncilDate = Field(description="The day the key was destroyed.")
    ground: ErasureGround = Field(
        description="Why: the person's request, or the end of the retention period."
    )
    request_reference: str = Field(
        "", description="The council's reference for the request (a case number, never a name)."
    )


EVENTS: tuple[type[EventPayload], ...] = (EmployeeDataErased,)
