"""Every command's handler, routed by an explicit dict (one verb function per command)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.hr.application import commands as c
from services.hr.application import exercise_commands as x
from services.hr.application.corrections import correct_post_fact
from services.hr.application.endings import disestablish, mark_at_risk
from services.hr.application.exercise_outcomes import close_exercise, record_decision
from services.hr.application.exercises import (
    answer_question,
    ask_question,
    extend_exercise,
    open_exercise,
    share_document,
)
from services.hr.application.posts import register_post, update_post
from services.hr.application.reporting import change_reporting_line, name_team_head
from services.hr.application.scheduled_changes import apply_due_changes, schedule_post_change
from services.hr.application.scopes import propose_post_scope, respond_to_scope
from services.hr.application.transfer_consultation import close_consultation, open_consultation
from services.hr.application.transfers import (
    approve_transfer,
    cancel_transfer,
    change_effective_date,
    propose_transfer,
    reject_transfer,
    rescind_transfer,
    take_effect,
)
from services.hr.application.unit_of_work import UnitOfWork

HANDLERS: dict[type[Any], Callable[[UnitOfWork, Any], Any]] = {
    c.RegisterPost: register_post,
    c.UpdatePost: update_post,
    c.ProposeTransfer: propose_transfer,
    c.ChangeEffectiveDate: change_effective_date,
    c.OpenConsultation: open_consultation,
    c.CloseConsultation: close_consultation,
    c.ApproveTransfer: approve_transfer,
    c.RejectTransfer: reject_transfer,
    c.TakeEffect: take_effect,
    c.CancelTransfer: cancel_transfer,
    c.RescindTransfer: rescind_transfer,
    c.ChangeReportingLine: change_reporting_line,
    c.NameTeamHead: name_team_head,
    c.SchedulePostChange: schedule_post_change,
    c.ApplyDueChanges: apply_due_changes,
    c.CorrectPostFact: correct_post_fact,
    x.OpenExercise: open_exercise,
    x.ShareDocument: share_document,
    x.AskQuestion: ask_question,
    x.AnswerQuestion: answer_question,
    x.ExtendExercise: extend_exercise,
    x.CloseExercise: close_exercise,
    x.RecordDecision: record_decision,
    x.ProposeScope: propose_post_scope,
    x.RespondToScope: respond_to_scope,
    c.MarkAtRisk: mark_at_risk,
    c.Disestablish: disestablish,
}


def handle(uow: UnitOfWork, command: Any) -> Any:
    """Run the command's handler in the unit of work; refusals raise `HrError`."""
    return HANDLERS[type(command)](uow, command)


__all__ = ["HANDLERS", "handle", "propose_transfer", "register_post"]
