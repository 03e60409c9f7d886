"""Whether a post counts in the programme's scope, as Workflow reads HR's scope decisions.

HR proposes a status (in scope, out of scope, under review) and the lead of the post's own
department agrees or challenges it. Workflow counts a post by what has been *agreed*:

- `out_of_scope`: HR proposed out of scope and the lead agreed — it stays in its department
  and no longer counts towards its function being centralised;
- `in_scope`: agreed in scope, or already in its central team (registered there: HR and
  programme management), or moved there (a transfer took effect: it was in scope in fact);
- `undecided`: everything else — no proposal yet, a proposal awaiting the lead, a
  challenged proposal, or under review. Undecided posts still count as to move, so a
  function is never called centralised while a post's scope is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from shared.events.personal import shown

if TYPE_CHECKING:  # the journey's steps live here; journey.py imports them at run time
    from services.workflow.domain.journey import Journey, PostFact

IN_SCOPE: Final = "in_scope"
OUT_OF_SCOPE: Final = "out_of_scope"
UNDECIDED: Final = "undecided"
AGREED: Final = "agreed"
CHALLENGED: Final = "challenged"
SCOPES: Final = (IN_SCOPE, OUT_OF_SCOPE, UNDECIDED)


def scope_of(
    *, status: str | None, response: str | None, already_central: bool, moved: bool
) -> str:
    """The post's scope as progress counts it (see the module's docstring)."""
    agreed = response == AGREED
    if agreed and status == OUT_OF_SCOPE:
        return OUT_OF_SCOPE
    if (agreed and status == IN_SCOPE) or already_central or moved:
        return IN_SCOPE
    return UNDECIDED


def counts_as_centralised(*, scope: str, already_central: bool, effective: bool) -> bool:
    """In the central team (moved or there from the start) and not agreed out of scope."""
    return scope != OUT_OF_SCOPE and (already_central or effective)


def scope_proposed(journey: Journey, fact: PostFact) -> None:
    _decided(journey, fact, None)


def scope_agreed(journey: Journey, fact: PostFact) -> None:
    _decided(journey, fact, AGREED)


def scope_challenged(journey: Journey, fact: PostFact) -> None:
    _decided(journey, fact, CHALLENGED)


def _decided(journey: Journey, fact: PostFact, response: str | None) -> None:
    journey.scope_status = str(fact.payload["status"])
    journey.scope_response = response
    reason = str(shown(fact.payload.get("reason")) or "")
    # A lead who agrees without a word leaves HR's reason standing.
    journey.scope_reason = reason or (journey.scope_reason if response == AGREED else None)
