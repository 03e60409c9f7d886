"""`onecouncil programme wave ...`: the programme office plans and re-plans waves, and anyone
reads planned versus actual. Talks to Workflow (`--url` or `ONECOUNCIL_WORKFLOW_URL`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from shared.cli_http import SERVICE_URLS, Service, ServiceClient, ServiceCommands

app = typer.Typer(cls=ServiceCommands, help="The programme plan: waves.", no_args_is_help=True)
wave = typer.Typer(cls=ServiceCommands, help="Plan, re-plan and read waves.", no_args_is_help=True)
app.add_typer(wave, name="wave")
console = Console()

Url = Annotated[str, typer.Option(envvar=SERVICE_URLS["workflow"][0], help="Workflow URL.")]
Token = Annotated[str, typer.Option(envvar="ONECOUNCIL_TOKEN", help="Bearer token.")]
Name = Annotated[str, typer.Option(help="e.g. 'Wave 1: Finance and ICT'.")]
Functions = Annotated[list[str], typer.Option("--function", help="Support function code; repeat.")]
Departments = Annotated[
    list[str] | None, typer.Option("--department", help="Department code; repeat (none: all).")
]
Day = Annotated[str, typer.Option(help="YYYY-MM-DD.")]
Target = Annotated[int, typer.Option(help="Target saving, £ a year.")]
Owner = Annotated[str, typer.Option(help="Role accountable, e.g. 'Director of Finance'.")]
Status = Annotated[str, typer.Option(help="planned, in_progress, on_hold, complete, cancelled.")]
DecisionRequired = Annotated[
    bool, typer.Option(help="Approvals of its posts must name their Cabinet or officer decision.")
]
AssessmentRequired = Annotated[
    bool, typer.Option(help="No approval before its equality impact assessment is completed.")
]
AsOf = Annotated[str | None, typer.Option(help="Planned versus actual as of (YYYY-MM-DD).")]
DEFAULT_URL = SERVICE_URLS["workflow"][1]


def client(url: str, token: str) -> ServiceClient:
    """Workflow, signed in with the token (tests replace this)."""
    return ServiceClient(Service.local("workflow", url), token)


def plan_body(
    name: str, functions: list[str], departments: list[str] | None, consultation_starts: str,
    approval_by: str, effective_on: str, target_saving: int, owner_role: str, status: str,
    decision_required: bool = False, assessment_required: bool = False,
) -> dict[str, Any]:  # fmt: skip
    """The plan fields both `plan` and `replan` send."""
    return {
        "name": name, "functions": functions, "departments": departments or [],
        "consultation_starts_on": consultation_starts, "approval_by": approval_by,
        "effective_on": effective_on, "target_saving": target_saving,
        "owner_role": owner_role, "status": status,
        "decision_reference_required": decision_required,
        "equality_assessment_required": assessment_required,
    }  # fmt: skip


def _send_plan(url: str, token: str, path: str, body: dict[str, Any], done: str) -> None:
    with client(url, token) as workflow:
        answer = workflow.call("POST", path, json=body)
    typer.echo(f"{answer['wave_id']} {done} (plan v{answer['plan_version']})")


@wave.command("plan")
def plan(
    wave_id: Annotated[str, typer.Argument(help="e.g. W1.")], name: Name, function: Functions,
    consultation_starts: Day, approval_by: Day, effective_on: Day, target_saving: Target,
    owner_role: Owner, department: Departments = None, status: Status = "planned",
    decision_required: DecisionRequired = False, assessment_required: AssessmentRequired = False,
    url: Url = DEFAULT_URL, token: Token = "",
) -> None:  # fmt: skip
    """Plan a wave (plan version 1)."""
    body = plan_body(name, function, department, consultation_starts, approval_by,
                     effective_on, target_saving, owner_role, status, decision_required,
                     assessment_required)  # fmt: skip
    _send_plan(url, token, "/programme/waves", {"wave_id": wave_id, **body}, "planned")


@wave.command("replan")
def replan(
    wave_id: Annotated[str, typer.Argument(help="e.g. W1.")], reason: Annotated[str, typer.Option(
        help="Why the plan changed.")], name: Name, function: Functions,
    consultation_starts: Day, approval_by: Day, effective_on: Day, target_saving: Target,
    owner_role: Owner, department: Departments = None, status: Status = "planned",
    decision_required: DecisionRequired = False, assessment_required: AssessmentRequired = False,
    url: Url = DEFAULT_URL, token: Token = "",
) -> None:  # fmt: skip
    """Re-plan a wave: a new plan version; the earlier ones stay visible."""
    body = plan_body(name, function, department, consultation_starts, approval_by,
                     effective_on, target_saving, owner_role, status, decision_required,
                     assessment_required)  # fmt: skip
    path = f"/programme/waves/{wave_id}/replan"
    _send_plan(url, token, path, {**body, "reason": reason}, "re-planned")


@wave.command("list")
def list_waves(as_of: AsOf = None, url: Url = DEFAULT_URL, token: Token = "") -> None:
    """Every wave: its plan and planned versus actual."""
    params = {"as_of": str(date.fromisoformat(as_of))} if as_of else {}
    with client(url, token) as workflow:
        answer = workflow.call("GET", "/programme/waves", params=params)
    table = Table(title=f"Waves as of {answer['as_of']}")
    for column in ("Wave", "Name", "Plan", "Effective on", "Posts", "Due to have moved", "Moved",
                   "Slipped"):  # fmt: skip
        table.add_column(column)
    for item in answer["waves"]:
        plan, progress = item["plan"], item["progress"]
        slipped = [m["milestone"] for m in progress["milestones"] if m["status"] == "slipped"]
        table.add_row(
            item["wave_id"], plan["name"], f"v{plan['version']}", plan["effective_on"],
            str(progress["posts_in_wave"]), str(progress["posts_planned_to_have_moved"]),
            str(progress["posts_moved"]), ", ".join(slipped).replace("_", " ") or "none",
        )  # fmt: skip
    console.print(table)


@wave.command("show")
def show(
    wave_id: Annotated[str, typer.Argument(help="e.g. W1.")], as_of: AsOf = None,
    url: Url = DEFAULT_URL, token: Token = "",
) -> None:  # fmt: skip
    """One wave: every plan version, and each milestone planned against achieved."""
    params = {"as_of": str(date.fromisoformat(as_of))} if as_of else {}
    with client(url, token) as workflow:
        item = workflow.call("GET", f"/programme/waves/{wave_id}", params=params)
    typer.echo(f"{item['wave_id']}: {item['plan']['name']} (owner: {item['plan']['owner_role']})")
    for version in item["plan_versions"]:
        typer.echo(
            f"  plan v{version['version']}: consultation {version['consultation_starts_on']}, "
            f"approval {version['approval_by']}, effective {version['effective_on']}, "
            f"target £{version['target_saving']:,} {version['reason']}".rstrip()
        )
    for milestone in item["progress"]["milestones"]:
        typer.echo(
            f"  {milestone['milestone'].replace('_', ' ')}: planned {milestone['planned_on']}, "
            f"{milestone['posts_reached']} of {milestone['posts_in_wave']} posts, "
            f"{milestone['status'].replace('_', ' ')}"
        )
