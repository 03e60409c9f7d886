"""No post out of the programme's scope was proposed or approved for transfer."""

from __future__ import annotations

from typing import Any

from services.audit.domain.controls.base import POLICY, AuditPolicy, FindsAsItReads
from services.audit.domain.records import AuditedEvent, EventRef
from shared.events import hr


class NoTransferOutOfScope(FindsAsItReads):
    """HR's rule: out of scope, proposed or agreed, blocks a transfer; a lead's challenge
    leaves HR's proposal standing until HR proposes again, so only a new proposal lifts it."""

    name = "transfer_of_post_out_of_scope"
    description = (
        "No TransferProposed or TransferApproved for a post while it stood out of scope "
        "(PostScopeProposed or PostScopeAgreed, not since proposed otherwise)."
    )
    events = frozenset(
        {hr.PostScopeProposed, hr.PostScopeAgreed, hr.TransferProposed, hr.TransferApproved}
    )

    def __init__(self, history_complete: bool = True, policy: AuditPolicy = POLICY) -> None:
        super().__init__(history_complete, policy)
        # A post's events are in order in its stream: the standing decision is simply tracked.
        self._out: dict[str, EventRef] = {}
        self._flagged: set[tuple[str, str]] = set()  # one finding per transfer

    def observe(self, event: AuditedEvent) -> None:
        payload: Any = event.payload
        post = payload.post_number
        if isinstance(payload, hr.PostScopeProposed | hr.PostScopeAgreed):
            if payload.status == "out_of_scope":
                self._out[post] = event.ref
            else:
                self._out.pop(post, None)
            return
        standing = self._out.get(post)
        key = (post, payload.transfer_id)
        if standing is None or key in self._flagged:
            return
        self._flagged.add(key)
        done = "proposed" if type(payload) is hr.TransferProposed else "approved"
        self._found.append(
            self.finding(
                f"post {post}: transfer {payload.transfer_id} was {done} while the post stood "
                f"out of the programme's scope ({standing.event_type})",
                event.ref,
                standing,
            )
        )
