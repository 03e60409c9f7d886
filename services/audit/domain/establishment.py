"""The establishment as at a date, rebuilt from the events: one small record per post.

Rules (see docs/audit-checks.md):
- an event counts when it happened (`occurred_at`) on or before the as-of date (end of day);
- a move (TransferEffective, BudgetMoved) changes where the post sits, or which cost centre
  holds its budget, only once its effective date is on or before the as-of date;
- the stage of a post is the stage of its latest transfer, in the Workflow tracker's words;
- a `PostFactCorrected` counts whenever it was recorded: the event it names reads as if it
  had said the new values (services/audit/domain/corrections.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from services.audit.domain import corrections
from services.audit.domain.corrections import Line, set_values
from services.audit.domain.records import AuditedEvent
from shared.events import finance, hr
from shared.events.base import EventPayload
from shared.events.erasure import EmployeeDataErased
from shared.events.post_corrections import PostFactCorrected
from shared.events.stages import STAGE_AFTER

Step = Callable[["PostState", AuditedEvent], None]


@dataclass(slots=True, kw_only=True)
class PostState:
    """One post as at the date: where it sits, who pays for it, its transfer's stage."""

    post_number: str
    registered: bool = False
    function: str | None = None
    department: str | None = None
    team: str | None = None
    cost_centre: str | None = None  # the department cost centre on the post's record
    budget_cost_centre: str | None = None  # where the budget went, once moved
    annual_cost: int = 0
    fte: float = 0.0
    transfer_id: str | None = None
    target_team: str | None = None
    effective_date: date | None = None
    stage: str = "not_yet_registered"
    title: str | None = None
    vacant: bool = True
    reports_to: str | None = None  # the post it reports to as at the date
    line_from: date = date.min  # when that line took effect: a later-dated line wins
    lines: list[Line] = field(default_factory=list)  # every line given, in log order
    set_by: dict[str, str] = field(default_factory=dict)  # value → id of the event that set it
    disestablished_on: date | None = None  # out of the establishment from then

    @property
    def placement(self) -> str:
        """The team the post sits in, else its department."""
        return self.team or self.department or "unknown"

    @property
    def budget_holder(self) -> str | None:
        return self.budget_cost_centre or self.cost_centre


class Establishment:
    """Folds post and post-budget events into per-post state as at `as_of` (None: today)."""

    def __init__(self, as_of: date | None = None) -> None:
        self.as_of = as_of
        self.posts: dict[str, PostState] = {}
        self.team_heads: dict[str, str] = {}  # central team code → its head post
        # What each post event does to a post besides its stage (`STAGE_AFTER`); a test holds
        # every event on `hr.posts` and `finance.budgets` to one of the two, or to `IGNORED`.
        self.steps: dict[type[EventPayload], Step] = {
            hr.PostRegistered: _registered,
            hr.PostUpdated: _updated,
            hr.TransferProposed: _proposed,
            hr.EffectiveDateChanged: _dated,
            hr.TransferApproved: _dated,
            hr.TransferEffective: self._effective,
            finance.BudgetMoved: self._budget_moved,
            hr.ReportingLineChanged: self._line_changed,
            hr.TeamHeadNamed: self._head_named,
            hr.TransferRescinded: self._rescinded,
            finance.BudgetMoveReversed: _budget_moved_back,
            PostFactCorrected: self._corrected,
            hr.PostDisestablished: self._disestablished,
        }

    def apply(self, event: AuditedEvent) -> None:
        """Fold one event if it concerns a post and happened by the as-of date."""
        kind = type(event.payload)
        post_number = getattr(event.payload, "post_number", None)
        if post_number is None or event.envelope.aggregate_type == "post_journey":
            return
        late = self.as_of is not None and event.envelope.occurred_at.date() > self.as_of
        if late and kind is not PostFactCorrected:  # a correction puts right what was said
            return
        post = self.posts.get(post_number)
        if post is None:
            post = self.posts[post_number] = PostState(post_number=post_number)
        step = self.steps.get(kind)
        if step is not None:
            step(post, event)
        stage = STAGE_AFTER.get(kind)
        if stage is not None and getattr(event.payload, "transfer_id", None) == post.transfer_id:
            post.stage = stage.value

    def _in_force(self, effective: date) -> bool:
        return self.as_of is None or effective <= self.as_of

    def _effective(self, post: PostState, event: AuditedEvent) -> None:
        payload = event.payload
        assert isinstance(payload, hr.TransferEffective)
        if payload.transfer_id == post.transfer_id and self._in_force(payload.effective_date):
            post.team = payload.target_team
            # Events from before reporting lines leave the line as it was.
            if "reports_to" in payload.model_fields_set:
                self._line(post, event, payload.reports_to, payload.effective_date)

    def _rescinded(self, post: PostState, event: AuditedEvent) -> None:
        """Back in its department and on its old line from when the rescind was recorded."""
        payload = event.payload
        assert isinstance(payload, hr.TransferRescinded)
        if payload.transfer_id == post.transfer_id:
            post.team = None
            line = Line(
                event_id=event.ref.event_id,
                reports_to=payload.reports_to,
                effective=payload.effective_date,
                forced=True,
            )
            post.lines.append(line)
            post.reports_to, post.line_from = payload.reports_to, payload.effective_date

    def _line_changed(self, post: PostState, event: AuditedEvent) -> None:
        payload = event.payload
        assert isinstance(payload, hr.ReportingLineChanged)
        self._line(post, event, payload.reports_to, event.envelope.effective_date or date.min)

    def _line(
        self, post: PostState, event: AuditedEvent, reports_to: str | None, effective: date
    ) -> None:
        """A line counts from its effective date; of those in force, the latest-dated wins
        (on the same date, the later in the log), whatever order they were recorded in."""
        post.lines.append(
            Line(event_id=event.ref.event_id, reports_to=reports_to, effective=effective)
        )
        if self._in_force(effective) and effective >= post.line_from:
            post.reports_to, post.line_from = reports_to, effective

    def _corrected(self, post: PostState, event: AuditedEvent) -> None:
        payload = event.payload
        assert isinstance(payload, PostFactCorrected)
        fixed = {fix.field: fix.new for fix in payload.corrections}
        corrections.correct(post, payload.corrects_event_id, fixed, self._in_force)

    def _head_named(self, post: PostState, event: AuditedEvent) -> None:
        payload = event.payload
        assert isinstance(payload, hr.TeamHeadNamed)
        effective = event.envelope.effective_date
        if effective is None or self._in_force(effective):
            self.team_heads[payload.team] = payload.post_number

    def _disestablished(self, post: PostState, event: AuditedEvent) -> None:
        payload = event.payload
        assert isinstance(payload, hr.PostDisestablished)
        if self._in_force(payload.effective_date):
            post.disestablished_on = payload.effective_date

    def _budget_moved(self, post: PostState, event: AuditedEvent) -> None:
        payload = event.payload
        assert isinstance(payload, finance.BudgetMoved)
        if self._in_force(payload.effective_date):
            post.budget_cost_centre = payload.to_cost_centre


def _budget_moved_back(post: PostState, event: AuditedEvent) -> None:
    post.budget_cost_centre = None  # its department cost centre holds it again


def _registered(post: PostState, event: AuditedEvent) -> None:
    payload = event.payload
    assert isinstance(payload, hr.PostRegistered)
    post.registered = True
    post.function, post.department, post.team = payload.function, payload.department, payload.team
    post.cost_centre, post.annual_cost, post.fte = (
        payload.cost_centre,
        payload.annual_cost,
        payload.fte,
    )
    post.title, post.vacant = payload.title, payload.employee_ref is None
    post.reports_to = payload.reports_to
    post.lines.append(
        Line(event_id=event.ref.event_id, reports_to=post.reports_to, effective=date.min)
    )
    set_values(post, event.ref.event_id, ["title", "function", "department", "cost_centre"])
    set_values(post, event.ref.event_id, ["annual_cost", "fte"])
    if post.transfer_id is None:
        post.stage = "in_department"


def _updated(post: PostState, event: AuditedEvent) -> None:
    payload = event.payload
    assert isinstance(payload, hr.PostUpdated)
    post.cost_centre = payload.cost_centre or post.cost_centre
    post.annual_cost = payload.annual_cost if payload.annual_cost is not None else post.annual_cost
    post.fte = payload.fte or post.fte
    post.title = payload.title or post.title
    given = {"cost_centre": payload.cost_centre, "title": payload.title}
    numbers = {"annual_cost": payload.annual_cost, "fte": payload.fte}
    named = [name for name, value in (given | numbers).items() if value is not None]
    set_values(post, event.ref.event_id, named)
    if payload.vacant:
        post.vacant = True
    elif payload.employee_ref is not None:
        post.vacant = False


def _proposed(post: PostState, event: AuditedEvent) -> None:
    payload = event.payload
    assert isinstance(payload, hr.TransferProposed)
    post.transfer_id, post.target_team = payload.transfer_id, payload.target_team
    post.effective_date = payload.effective_date
    post.function = post.function or payload.function
    post.department = post.department or payload.from_department


def _dated(post: PostState, event: AuditedEvent) -> None:
    effective = getattr(event.payload, "effective_date", None)
    if effective is not None and getattr(event.payload, "transfer_id", None) == post.transfer_id:
        post.effective_date = effective


# Post events that leave the establishment as it was, and why.
IGNORED: dict[type[EventPayload], str] = {
    finance.BudgetCheckPassed: "a check moves no post and no money",
    finance.BudgetCheckFailed: "a check moves no post and no money",
    finance.BudgetReserved: "reserved money still sits with the department",
    finance.BudgetReleased: "released money never left the department",
    hr.PostScopeProposed: "a scope decision moves no post and no money (a control reads it)",
    hr.PostScopeAgreed: "a scope decision moves no post and no money (a control reads it)",
    hr.PostScopeChallenged: "a challenge changes nothing until HR proposes again",
    hr.PostChangeScheduled: "counts on its date, as the PostUpdated or line HR sends then",
    hr.PostMarkedAtRisk: "an at-risk post stays in the establishment until it is disestablished",
    EmployeeDataErased: "the establishment reads no personal field; the hashes cover ciphertext",
}
