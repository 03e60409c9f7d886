"""Correct a fact HR recorded about a post: decided from the post's history, told as
`PostFactCorrected`, and applied to the post where the corrected fact still holds."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from services.hr.application import commands as c
from services.hr.application.posts import emit_post_event, load_post
from services.hr.application.reporting import refuse_line
from services.hr.application.unit_of_work import UnitOfWork
from services.hr.domain.correction import RecordedFact, decide_correction
from services.hr.domain.errors import CorrectionNotAllowed
from services.hr.domain.post import Post
from shared.events.post_corrections import FactCorrection, PostFactCorrected


def correct_post_fact(uow: UnitOfWork, command: c.CorrectPostFact) -> Post:
    """Refuse a correction that names no fact of the post, changes nothing, or breaks a rule
    of the hierarchy; else record it and change the post's values now in force."""
    if not command.reason.strip():
        raise CorrectionNotAllowed("a correction needs a reason")
    if not command.decided_by.strip():
        raise CorrectionNotAllowed("a correction needs who decided it")
    post = load_post(uow, command.post_number)
    history = [recorded(document) for document in uow.post_history(post.post_number)]
    correction = decide_correction(
        post.post_number, history, command.corrects_event_id, command.changes, command.today
    )
    reports_to = correction.in_force.get("reports_to", post.reports_to)
    if "reports_to" in correction.in_force:
        refuse_line(uow, post, None if reports_to is None else str(reports_to), command.today)
    post.apply_correction(correction.in_force)
    uow.posts.save(post)
    live = post.live_transfer
    payload = PostFactCorrected(
        post_number=post.post_number,
        corrects_event_id=correction.event.event_id,
        corrects_event_type=correction.event.event_type,
        corrections=tuple(
            FactCorrection(field=name, old=old, new=new) for name, old, new in correction.fields
        ),
        in_force=correction.in_force,
        reason=command.reason,
        decided_by=command.decided_by,
        live_transfer_id=live.transfer_id if live is not None else None,
    )
    emit_post_event(uow, post, payload, None)  # envelope department: the corrected one
    return post


def recorded(document: Mapping[str, Any]) -> RecordedFact:
    """One envelope document of the post's stream as the correction rules read it."""
    dated = document.get("effective_date")
    return RecordedFact(
        event_id=str(document["event_id"]),
        event_type=str(document["event_type"]),
        effective_date=date.fromisoformat(dated) if dated else None,
        fields=document["payload"],
    )
