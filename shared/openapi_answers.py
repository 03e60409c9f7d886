"""Every answer a route can give is in its OpenAPI document, not only the happy one.

FastAPI documents 200 and, for routes with parameters, a 422 shaped as its own validation
error. Our routes also answer 400 (a body that cannot be decoded), 401 and 403 (the token
and the role), 404 (an unknown id in the path or the body), 409 (a change refused in the
state things are in), 413 (a body over the limit) and 422 with a plain message (a domain
refusal). Those are added here, from what each route is (authenticated, has path
parameters, changes something, takes a body), when the document is built; a test holds
every answer the hostile-input runs see to the document.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from pydantic import BaseModel

from shared.auth import principal_from

REFUSAL = "#/components/schemas/Refusal"
CHANGES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Refusal(BaseModel):
    """A refusal, with a message an officer can act on."""

    detail: str


def document_answers(app: FastAPI) -> None:
    """Build the app's OpenAPI document with every answer each route can give."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title, version=app.version, routes=app.routes, description=None
            )
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            schemas["Refusal"] = Refusal.model_json_schema()
            for route in iter_route_contexts(app.routes):  # included routers' too, prefixed
                if not isinstance(route.original_route, APIRoute):
                    continue
                documented = document["paths"].get(route.path_format, {})  # unless hidden
                for method in route.methods or ():
                    if method.lower() in documented:
                        _add_answers(route, method, documented[method.lower()]["responses"])
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented override


def answers_of(route: RouteContext, method: str) -> dict[str, str]:
    """Status → what it means, for the answers beyond the route's own success answer."""
    answers: dict[str, str] = {}
    if _needs_principal(route.dependant):
        answers["401"] = "No token, or one that is expired, badly signed or malformed."
        answers["403"] = "The caller's role or department may not do this."
    if route.dependant.path_params or method in CHANGES:  # a body may name a record, too
        answers["404"] = "Nothing with that id (or not one the caller may see)."
    if method in CHANGES:
        answers["409"] = "Refused in the state things are in; nothing changed."
    if route.body_field is not None:
        # FastAPI's own answer to a body it cannot even decode (bytes that are not UTF-8),
        # found by the fuzzing's negative phase.
        answers["400"] = "The body could not be read (not text in UTF-8)."
        answers["413"] = "The body is over the size limit."
    if route.body_field is not None or _has_parameters(route.dependant):
        answers["422"] = "The request is invalid: each problem's place and message."
    return answers


def _add_answers(route: RouteContext, method: str, responses: dict[str, Any]) -> None:
    for status, meaning in answers_of(route, method).items():
        shown: dict[str, Any] = {"$ref": REFUSAL}
        if status == "422":  # FastAPI's validation errors, or our refusals' message
            shown = {"anyOf": [{"$ref": "#/components/schemas/HTTPValidationError"}, shown]}
        responses.setdefault(status, {"description": meaning})
        responses[status]["content"] = {"application/json": {"schema": shown}}


def _needs_principal(dependant: Dependant) -> bool:
    return any(
        dependency.call is principal_from or _needs_principal(dependency)
        for dependency in dependant.dependencies
    )


def _has_parameters(dependant: Dependant) -> bool:
    return bool(
        dependant.path_params
        or dependant.query_params
        or dependant.header_params
        or dependant.cookie_params
        or any(_has_parameters(dependency) for dependency in dependant.dependencies)
    )
