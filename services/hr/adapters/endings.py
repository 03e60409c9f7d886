"""Posts ended by delivered candidates, and the candidates HR knows, in HR's database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from services.hr.adapters.tables import known_candidates, post_endings
from services.hr.domain.ending import KnownCandidate, PostEnding
from shared.events import benefits, redesign
from shared.events.base import EventPayload
from shared.events.candidate_stages import STATUS_AFTER
from shared.events.catalogue import ReadEvent


class EndingRepository:
    """Each post's ending (at risk, disestablished), in one transaction."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def get(self, post_number: str) -> PostEnding | None:
        query = select(post_endings).where(post_endings.c.post_number == post_number)
        row = self._connection.execute(query).mappings().first()
        return PostEnding(**row) if row else None

    def save(self, ending: PostEnding) -> None:
        table = post_endings
        self._connection.execute(delete(table).where(table.c.post_number == ending.post_number))
        self._connection.execute(insert(table).values(**asdict(ending)))


class CandidateRepository:
    """The redesign candidates HR has read, by id."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def get(self, candidate_id: str) -> KnownCandidate | None:
        query = select(known_candidates).where(known_candidates.c.candidate_id == candidate_id)
        row = self._connection.execute(query).mappings().first()
        if row is None:
            return None
        posts = frozenset(row["identified_posts"]) | frozenset(row["claimed_posts"])
        return KnownCandidate(
            candidate_id=candidate_id, team=row["team"], status=row["status"], posts=posts
        )

    def identified(self, candidate_id: str, team: str, post_numbers: list[str]) -> None:
        """A candidate found in a review, with the posts whose work it changes."""
        self.known(candidate_id)
        self.set(candidate_id, team=team, identified_posts=sorted(post_numbers))

    def known(self, candidate_id: str) -> None:
        """Make sure the candidate has a row: its benefit case may be read before it (the
        two travel on different topics when HR or Finance owns the candidate)."""
        if not self._exists(candidate_id):
            self._connection.execute(
                insert(known_candidates).values(
                    candidate_id=candidate_id, team="", status="identified",
                    identified_posts=[], claimed_posts=[],
                )
            )  # fmt: skip

    def set(self, candidate_id: str, **values: Any) -> None:
        """Change the team, status or posts of a known candidate."""
        table = known_candidates
        self._connection.execute(
            update(table).where(table.c.candidate_id == candidate_id).values(**values)
        )

    def _exists(self, candidate_id: str) -> bool:
        query = select(known_candidates.c.candidate_id).where(
            known_candidates.c.candidate_id == candidate_id
        )
        return self._connection.execute(query).first() is not None


def _identified(candidates: CandidateRepository, payload: Any) -> None:
    candidates.identified(payload.candidate_id, payload.team, payload.post_numbers)
    _moved_on(candidates, payload)


def _moved_on(candidates: CandidateRepository, payload: EventPayload) -> None:
    status = STATUS_AFTER[type(payload)]
    candidates.set(payload.candidate_id, status=status.value)  # type: ignore[attr-defined]


def _claimed(candidates: CandidateRepository, payload: Any) -> None:
    # A restated case replaces the posts it claims.
    candidates.known(payload.candidate_id)
    candidates.set(payload.candidate_id, claimed_posts=sorted(payload.post_numbers))


# What HR keeps of each redesign event: a candidate's status and the posts it names. The
# rest are named in `CANDIDATES_IGNORED` with why (a test holds every event on the redesign
# topics to one of them).
CANDIDATE_STEPS: dict[type[EventPayload], Callable[[CandidateRepository, Any], None]] = {
    redesign.CandidateIdentified: _identified,
    redesign.CandidateAssessed: _moved_on,
    redesign.CandidateApproved: _moved_on,
    redesign.CandidateRejected: _moved_on,
    redesign.CandidateDeliveryStarted: _moved_on,
    redesign.CandidateDelivered: _moved_on,
    benefits.BenefitCaseRecorded: _claimed,
}
CANDIDATES_IGNORED: dict[type[EventPayload], str] = {
    redesign.ProcessRegistered: "a process ends no post; its candidates may",
    redesign.ProcessReviewStarted: "a review ends no post; its candidates may",
    benefits.BenefitHealthChanged: "a benefit's health changes no post a candidate claims",
    benefits.BenefitMeasured: "a measured benefit changes no post a candidate claims",
    benefits.FteReleased: "releasing staff time ends no post (disestablishing one does)",
}


def apply_candidate_events(connection: Connection, events: list[ReadEvent]) -> None:
    """The `hr.candidates` consumer's apply: each candidate's status and claimed posts."""
    candidates = CandidateRepository(connection)
    for event in events:
        step = CANDIDATE_STEPS.get(type(event.payload))
        if step is not None:
            step(candidates, event.payload)
