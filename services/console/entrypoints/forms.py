"""The console's form pages: reading what was posted, and showing a form again with its errors.

A form page is shown blank (200) or, after a refusal, again with what was typed and a
GOV.UK error summary (400): `render_form` is the one place that decides which.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from services.console.application.refusals import FieldError
from services.console.entrypoints.session import checked_form, render, texts


@dataclass(frozen=True)
class Answers:
    """What a form was sent and what was wrong with it; blank for a form not yet sent."""

    values: dict[str, str] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)


async def posted(request: Request) -> dict[str, str]:
    """The posted form's fields as text, once its CSRF token has been checked."""
    return texts(await checked_form(request))


def render_form(request: Request, template: str, answers: Answers, **context: Any) -> HTMLResponse:
    """A form page: 200 when blank or valid so far, 400 when shown again with errors."""
    status = 400 if answers.errors else 200
    return render(
        request, template, status, values=answers.values, errors=answers.errors, **context
    )
