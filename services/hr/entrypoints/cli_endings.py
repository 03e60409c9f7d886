"""`onecouncil hr at-risk` and `onecouncil hr disestablish`: ending posts a delivered
redesign candidate no longer needs, from the CLI."""

from __future__ import annotations

from typing import Annotated

import typer

from services.hr.entrypoints.cli_bulk import console
from services.hr.entrypoints.cli_client import HrClient
from services.hr.entrypoints.cli_reporting import Token, Url, connected

PostNumber = Annotated[str, typer.Argument(help="The post the candidate ends.")]
Candidate = Annotated[str, typer.Option(help="The delivered candidate, e.g. CAN-FIN-1a2b3c4d.")]


def register(app: typer.Typer, client: type[HrClient], default_url: str) -> None:
    """Add the post-ending commands to HR's CLI."""
    connect = connected(client)

    @app.command("at-risk")
    def at_risk(
        post_number: PostNumber,
        candidate: Candidate,
        planned_end: Annotated[str, typer.Option(help="YYYY-MM-DD the post would end.")],
        reason: Annotated[str, typer.Option(help="Why, in the words staff will be given.")],
        url: Url = default_url,
        token: Token = "",
    ) -> None:
        """Put a filled post at risk: it must be consulted on before it is disestablished."""
        body = {"candidate_id": candidate, "planned_end": planned_end, "reason": reason}
        ending = connect(url, token).end_post(post_number, "at-risk", body)
        console().print(
            f"Post {post_number} is at risk from {ending['at_risk_on']} (candidate "
            f"{candidate}); consult on it as at risk before disestablishing it."
        )

    @app.command("disestablish")
    def disestablish(
        post_number: PostNumber,
        candidate: Candidate,
        effective_date: Annotated[str, typer.Option(help="YYYY-MM-DD, the post's last day.")],
        reason: Annotated[str, typer.Option(help="Why the post ends.")] = "",
        url: Url = default_url,
        token: Token = "",
    ) -> None:
        """Take a post out of the establishment for a delivered candidate that claims it."""
        body = {"candidate_id": candidate, "effective_date": effective_date, "reason": reason}
        ending = connect(url, token).end_post(post_number, "disestablish", body)
        console().print(
            f"Post {post_number} is disestablished from {ending['disestablished_on']} "
            f"(candidate {candidate})."
        )
