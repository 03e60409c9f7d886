"""Future-dated changes of a post: recorded now, applied by the scheduler on their date."""

from __future__ import annotations

from services.hr.application import commands as c
from services.hr.application.posts import emit_post_event, load_post
from services.hr.application.reporting import move_line, refuse_line
from services.hr.application.unit_of_work import UnitOfWork
from services.hr.domain.errors import PostChangeNotAllowed
from services.hr.domain.post import Post
from services.hr.domain.scheduled_change import ScheduledChange, refuse_unschedulable
from shared.events import hr as events
from shared.events.ids import new_event_id


def schedule_post_change(uow: UnitOfWork, command: c.SchedulePostChange) -> Post:
    """Record the change and tell it; the post keeps its values until the date."""
    post = load_post(uow, command.post_number)
    refuse_unschedulable(post.post_number, command.changes, command.effective_date, command.today)
    if not command.reason.strip():
        raise PostChangeNotAllowed("a change to a post needs a reason")
    post.refuse_cost_centre_change_while_moving(command.changes)
    if "reports_to" in command.changes:
        refuse_line(uow, post, command.changes["reports_to"], command.effective_date)
    change = ScheduledChange(
        change_id=f"C-{new_event_id()}",
        post_number=post.post_number,
        effective_date=command.effective_date,
        changes=dict(command.changes),
        reason=command.reason,
    )
    uow.scheduled_changes.add(change)
    payload = events.PostChangeScheduled(
        post_number=post.post_number,
        change_id=change.change_id,
        effective_date=change.effective_date,
        changes=change.changes,
        reason=change.reason,
    )
    emit_post_event(uow, post, payload, change.effective_date)
    return post


def apply_due_changes(uow: UnitOfWork, command: c.ApplyDueChanges) -> Post:
    """Apply each due change in date order, as if HR made it on its date; the post's own
    rules still hold then (a refusal leaves the change pending and says why)."""
    post = load_post(uow, command.post_number)
    for change in uow.scheduled_changes.due(post.post_number, command.today):
        details = {k: v for k, v in change.details.items() if getattr(post, k) != v}
        if details:
            _apply_details(uow, post, change, details)
        if change.moves_line and change.changes["reports_to"] != post.reports_to:
            reports_to = change.changes["reports_to"]
            move_line(uow, post, reports_to, change.effective_date, change.reason, change.change_id)
        uow.scheduled_changes.mark_applied(change.change_id)
    return post


def _apply_details(
    uow: UnitOfWork, post: Post, change: ScheduledChange, details: dict[str, object]
) -> None:
    changed = post.change_details(details)
    uow.posts.save(post)
    live = post.live_transfer
    vacant = True if "employee_ref" in changed and changed["employee_ref"] is None else None
    payload = events.PostUpdated(
        post_number=post.post_number,
        **changed,
        vacant=vacant,
        reason=change.reason,
        scheduled_change_id=change.change_id,
        live_transfer_id=live.transfer_id if live is not None else None,
    )
    emit_post_event(uow, post, payload, change.effective_date)
