"""Auditors replay the log from the browser: for a period, a post or a department; read the
findings; download the report as JSON or CSV. Read-only: the replay reads the log and
writes nothing but its own report files (services/console/adapters/replays.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from services.console.adapters.replays import FILES, ReplayAsked, ReplayFailed, Replays
from services.console.application.dates import read_date
from services.console.application.refusals import FieldError
from services.console.entrypoints.forms import Answers, posted, render_form
from services.console.entrypoints.session import NotAllowed, SignedIn, User, console_of, render
from shared.reference import DEPARTMENTS

router = APIRouter(include_in_schema=False)
HOME = "/audit"


def auditor(user: SignedIn) -> User:
    """FastAPI dependency: the replay is the auditors' (it reads every department's log)."""
    if user.role != "auditor":
        raise NotAllowed("Only auditors can replay the log")
    return user


Auditor = Annotated[User, Depends(auditor)]


def _replays(request: Request) -> Replays:
    replays = console_of(request).replays
    if replays is None:
        raise HTTPException(503, "the replay is not set up here (KAFKA_BOOTSTRAP_SERVERS)")
    return replays


@router.get(HOME)
async def replay_form(request: Request, _: Auditor) -> Response:
    return _form(request, Answers())


@router.post(HOME)
async def replay(request: Request, user: Auditor) -> Response:
    form = await posted(request)
    asked, errors = _asked(form)
    if not errors:
        try:
            run_id = await _replays(request).run(asked, user.principal.user_id)
        except ReplayFailed as failure:
            errors = [FieldError("from_date", f"The replay did not finish: {failure}")]
        else:
            return RedirectResponse(f"{HOME}/{run_id}", status_code=303)
    return _form(request, Answers(form, errors))


@router.get(HOME + "/{run_id}")
async def replay_report(request: Request, user: Auditor, run_id: str) -> Response:
    try:
        report, asked = _replays(request).report(run_id, user.principal.user_id)
    except KeyError:
        raise HTTPException(404, "there is no such replay of yours") from None
    return render(
        request, "audit_run.html", title="Replay findings", run_id=run_id, report=report,
        asked=asked, files=list(FILES),
    )  # fmt: skip


@router.get(HOME + "/{run_id}/{name}")
async def replay_file(request: Request, user: Auditor, run_id: str, name: str) -> Response:
    try:
        path = _replays(request).file(run_id, user.principal.user_id, name)
    except KeyError:
        raise HTTPException(404, "there is no such file of your replays") from None
    return FileResponse(path, media_type=FILES[name], filename=f"{run_id}-{name}")


def _asked(form: dict[str, str]) -> tuple[ReplayAsked, list[FieldError]]:
    errors: list[FieldError] = []
    days: dict[str, Any] = {}
    for name, label in (("from_date", "the first day"), ("to_date", "the last day")):
        if any(form.get(f"{name}-{part}") for part in ("day", "month", "year")):
            days[name], problem = read_date(form, name, label)
            if problem:
                errors.append(FieldError(name, problem))
    if days.get("from_date") and days.get("to_date") and days["to_date"] < days["from_date"]:
        errors.append(FieldError("to_date", "The last day must be on or after the first day"))
    post = form.get("post_number", "").strip()
    if post and not post.isdigit():
        errors.append(FieldError("post_number", "Enter a post number in digits, like 10423"))
    department = form.get("department") or None
    if department and department not in DEPARTMENTS:
        errors.append(FieldError("department", "Select a department from the list"))
    asked = ReplayAsked(post_number=post or None, department=department, **days)
    return asked, errors


def _form(request: Request, answers: Answers) -> Response:
    departments = [("", "Every department"), *DEPARTMENTS.items()]
    return render_form(
        request, "audit.html", answers, title="Replay the log", departments=departments
    )
