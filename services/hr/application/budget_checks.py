"""Finance's budget-check verdicts, noted on the transfer they are about.

HR never asks Finance: it reads Finance's `BudgetCheckPassed` / `BudgetCheckFailed` events.
Approval needs a passed check; a failed one blocks it with Finance's reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import structlog

from services.hr.application.unit_of_work import Posts
from services.hr.domain.errors import TransferNotAllowed

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class BudgetVerdict:
    post_number: str
    transfer_id: str
    passed: bool
    reason: str = ""


def record_budget_check(posts: Posts, verdict: BudgetVerdict) -> bool:
    """Note the verdict on its transfer; False when HR has no such post or transfer."""
    post = posts.get(verdict.post_number)
    if post is None:
        log.warning("budget_check.unknown_post", post_number=verdict.post_number)
        return False
    try:
        transfer = post.transfer(verdict.transfer_id)
    except TransferNotAllowed:
        log.warning(
            "budget_check.unknown_transfer",
            post_number=verdict.post_number,
            transfer_id=verdict.transfer_id,
        )
        return False
    transfer.record_budget_check(verdict.passed, verdict.reason)
    posts.save(post)
    return True
