"""The post aggregate: a position in the establishment and its transfers.

The post is the consistency boundary for "a post has at most one live transfer", so its
transfers live inside it and every fact about it is one ordered stream.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from services.hr.domain.errors import (
    CorrectionNotAllowed,
    PostChangeNotAllowed,
    ScopeNotAllowed,
    TransferNotAllowed,
)
from services.hr.domain.transfer import Stage, Transfer, stage_words

# Details HR may change or correct after registration; department and function are fixed
# (a post changes department only by a transfer).
CHANGEABLE: Final = ("title", "grade", "fte", "cost_centre", "annual_cost", "employee_ref")


@dataclass(kw_only=True)
class Post:
    """A post: it moves between department and team; the person in it stays."""

    post_number: str
    title: str
    grade: str
    fte: float
    function: str
    department: str
    cost_centre: str
    annual_cost: int
    employee_ref: str | None = None
    team: str | None = None
    reports_to: str | None = None  # the post number of its line manager's post
    transfers: list[Transfer] = field(default_factory=list)

    @property
    def live_transfer(self) -> Transfer | None:
        """The transfer still under way, if any (at most one)."""
        return next((t for t in reversed(self.transfers) if t.is_live), None)

    @property
    def is_centralised(self) -> bool:
        """True once the post sits in a centralised team."""
        return self.team is not None

    def propose_transfer(
        self,
        transfer_id: str,
        target_team: str,
        team_name: str,
        effective_date: date,
        reason: str,
        line_manager: str | None = None,
    ) -> Transfer:
        """Start a transfer into a centralised team, refusing if one is under way."""
        live = self.live_transfer
        if live is not None:
            raise TransferNotAllowed(
                f"post {self.post_number} already has a transfer {stage_words(live.stage)} "
                f"to {live.team_name}"
            )
        if self.is_centralised:
            raise TransferNotAllowed(
                f"post {self.post_number} has already moved to a centralised team"
            )
        if target_team != self.function:
            raise TransferNotAllowed(
                f"post {self.post_number} is a {self.function} post, so it cannot move to "
                f"{team_name}"
            )
        if not reason.strip():
            raise TransferNotAllowed("a transfer needs a reason")
        transfer = Transfer(
            transfer_id=transfer_id,
            post_number=self.post_number,
            target_team=target_team,
            team_name=team_name,
            effective_date=effective_date,
            reason=reason,
            stage=Stage.PROPOSED,
            line_manager=line_manager,
        )
        self.transfers.append(transfer)
        return transfer

    def current_transfer(self) -> Transfer:
        """The live transfer, else the latest one (so refusals can say what became of it)."""
        if self.live_transfer is not None:
            return self.live_transfer
        if not self.transfers:
            raise TransferNotAllowed(f"post {self.post_number} has no transfer: propose one first")
        return self.transfers[-1]

    def change_details(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Apply changed details; return only those that really changed."""
        unknown = set(changes) - set(CHANGEABLE)
        if unknown:
            listed = ", ".join(sorted(unknown))
            raise PostChangeNotAllowed(f"these details cannot be changed: {listed}")
        changed = {k: v for k, v in changes.items() if getattr(self, k) != v}
        if not changed:
            raise PostChangeNotAllowed(f"post {self.post_number} already has these details")
        self.refuse_cost_centre_change_while_moving(changed)
        for name, value in changed.items():
            setattr(self, name, value)
        return changed

    def refuse_cost_centre_change_while_moving(self, changes: Mapping[str, Any]) -> None:
        """The budget check and the move are of the cost centre the transfer started from."""
        live = self.live_transfer
        if "cost_centre" in changes and live is not None:
            raise PostChangeNotAllowed(
                f"post {self.post_number}'s cost centre cannot change while its transfer to "
                f"{live.team_name} is {stage_words(live.stage)}"
            )

    def transfer(self, transfer_id: str | None = None) -> Transfer:
        """The named transfer, or the live one; refuse if there is none."""
        if transfer_id is None:
            live = self.live_transfer
            if live is None:
                raise TransferNotAllowed(f"post {self.post_number} has no transfer under way")
            return live
        for candidate in self.transfers:
            if candidate.transfer_id == transfer_id:
                return candidate
        raise TransferNotAllowed(f"post {self.post_number} has no transfer {transfer_id}")

    def refuse_leaving_scope_while_moving(self) -> None:
        """A post cannot be put out of scope while a transfer of it is under way: HR cancels
        the transfer first, so no approval can follow a decision that the post stays."""
        live = self.live_transfer
        if live is not None:
            raise ScopeNotAllowed(
                f"post {self.post_number} has a transfer {stage_words(live.stage)} to "
                f"{live.team_name}: cancel it before proposing the post out of scope"
            )

    def move_back(self, reports_to: str | None) -> None:
        """Its move was rescinded: back in its department, on its old line."""
        self.team = None
        self.reports_to = reports_to

    def move_into_team(self, team: str, reports_to: str | None) -> None:
        """Record that the post now sits in the team, reporting to its line manager there:
        the move changes its team, line and budget, never its grade, title or duties."""
        self.team = team
        self.reports_to = reports_to

    def apply_correction(self, in_force: Mapping[str, Any]) -> None:
        """Take corrected values now in force, keeping where the post sits consistent: a post
        in (or moving to) a central team is of that team's function, and money held or moved
        came from the cost centre it had then."""
        live = self.live_transfer
        team = self.team or (live.target_team if live is not None else None)
        if "function" in in_force and team is not None:
            raise CorrectionNotAllowed(
                f"post {self.post_number} is in or moving to the {team} central team, which "
                f"only {team} posts join: rescind or cancel the move before correcting its "
                "function"
            )
        held = self.team is not None or (live is not None and live.stage is Stage.APPROVED)
        if "cost_centre" in in_force and held:
            raise CorrectionNotAllowed(
                f"post {self.post_number}'s budget has been held or moved from cost centre "
                f"{self.cost_centre}: rescind or cancel the move before correcting it"
            )
        for name, value in in_force.items():
            setattr(self, name, value)
