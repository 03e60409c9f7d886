"""Every approval was made by someone holding an HR role (HR staff or an HR manager)."""

from __future__ import annotations

from services.audit.domain.controls.base import FindsAsItReads
from services.audit.domain.records import AuditedEvent
from shared.approval_policy import APPROVING_ROLES
from shared.events import hr

APPROVING_ROLE = " or ".join(sorted(APPROVING_ROLES))


class ApprovedByHrStaff(FindsAsItReads):
    name = "approval_not_by_hr_staff"
    description = f"Every TransferApproved was made by an actor in the role {APPROVING_ROLE}."
    events = frozenset({hr.TransferApproved})

    def observe(self, event: AuditedEvent) -> None:
        actor = event.envelope.actor
        if actor.role not in APPROVING_ROLES:
            post = getattr(event.payload, "post_number", "?")
            self._found.append(
                self.finding(
                    f"post {post}: transfer approved by {actor.id} in the role {actor.role}, "
                    f"not {APPROVING_ROLE}",
                    event.ref,
                )
            )
