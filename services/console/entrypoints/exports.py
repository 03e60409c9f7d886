"""Files for payroll and the ledger, for HR and finance staff: a pay period's establishment
changes (HR's, as CSV or the fixed-width layout) and Finance's ledger journal, passed on
from the service that makes each, as the signed-in user (so its own access rules hold)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from services.console.adapters.services_api import ApiRefusal
from services.console.application.refusals import FieldError
from services.console.entrypoints.forms import Answers, render_form
from services.console.entrypoints.session import NotAllowed, SignedIn, User, console_of

router = APIRouter(include_in_schema=False)
HOME = "/exports"
# What each file is, which service makes it, and who may have it (the service checks too).
FILES = {
    "payroll": ("hr", "/exports/payroll", ("hr_staff", "hr_manager", "finance_staff")),
    "ledger": ("finance", "/exports/ledger", ("finance_staff",)),
}


def back_office(user: SignedIn) -> User:
    """FastAPI dependency: HR and finance staff (payroll sits with one or the other)."""
    if user.role not in ("hr_staff", "hr_manager", "finance_staff"):
        raise NotAllowed("Payroll and ledger files are for HR and finance staff")
    return user


BackOffice = Annotated[User, Depends(back_office)]


@router.get(HOME)
async def exports(request: Request, user: BackOffice) -> Response:
    return _page(request, user, Answers())


@router.get(HOME + "/{kind}")
async def download(
    request: Request, user: BackOffice, kind: str, period: str = "", format: str = "csv"
) -> Response:
    if kind not in FILES or user.role not in FILES[kind][2]:
        raise NotAllowed("That file is not one you may download")
    service, path, _ = FILES[kind]
    api = getattr(console_of(request).services, service)
    try:
        answer = await api.download(user.token, path, period=period, format=format)
    except ApiRefusal as refusal:
        error = FieldError("period", refusal.message[:1].upper() + refusal.message[1:])
        return _page(request, user, Answers({"period": period}, [error]))
    headers = {"Content-Disposition": answer.headers.get("content-disposition", "attachment")}
    return Response(answer.content, media_type=answer.headers["content-type"], headers=headers)


def _page(request: Request, user: User, answers: Answers) -> Response:
    mine = [kind for kind, (_, _, roles) in FILES.items() if user.role in roles]
    return render_form(request, "exports.html", answers, title="Payroll and ledger files",
                       files=mine)  # fmt: skip
