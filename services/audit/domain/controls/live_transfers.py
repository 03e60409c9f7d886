"""No post was in two live transfers at once."""

from __future__ import annotations

from typing import Any

from services.audit.domain.controls.base import POLICY, AuditPolicy, FindsAsItReads
from services.audit.domain.records import AuditedEvent, EventRef
from shared.events import hr
from shared.events.base import EventPayload

ENDINGS: frozenset[type[EventPayload]] = frozenset(
    (hr.TransferEffective, hr.TransferRejected, hr.TransferCancelled)
)


class OneLiveTransferPerPost(FindsAsItReads):
    name = "post_in_two_live_transfers"
    description = (
        "No TransferProposed for a post while another transfer of the same post is still live "
        "(proposed, in consultation, consultation closed or approved)."
    )
    events = frozenset({hr.TransferProposed, *ENDINGS})

    def __init__(self, history_complete: bool = True, policy: AuditPolicy = POLICY) -> None:
        super().__init__(history_complete, policy)
        # A post's events are in order in its stream, so the live transfer is simply tracked.
        self._live: dict[str, dict[str, EventRef]] = {}

    def observe(self, event: AuditedEvent) -> None:
        payload: Any = event.payload  # every watched type has post_number and transfer_id
        post, transfer_id = payload.post_number, payload.transfer_id
        if type(payload) in ENDINGS:
            ended = self._live.get(post)
            if ended is not None:
                ended.pop(transfer_id, None)
                if not ended:
                    del self._live[post]
            return
        live = self._live.setdefault(post, {})
        for other_id, other in live.items():
            if other_id != transfer_id:
                self._found.append(
                    self.finding(
                        f"post {post}: transfer {transfer_id} proposed while transfer "
                        f"{other_id} was still live",
                        event.ref,
                        other,
                    )
                )
        live[transfer_id] = event.ref
