"""What every service API does with hostile requests before its own code sees them.

- A body over `max_bytes` is refused with 413 before it is read whole (its declared length,
  or as it streams in when it declares none).
- A request that fails validation is answered 422 with each problem's place and message,
  and the offending input echoed only as safe text: a lone surrogate or raw bytes echoed
  verbatim made the error handler itself fail with a 500.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.openapi_answers import document_answers

DEFAULT_MAX_REQUEST_BYTES = 32 * 1024 * 1024  # a 200,000-post establishment CSV fits
ECHOED_CHARACTERS = 200
MAX_OFFSET = 2**62  # paging and ids past this overflow the databases' 64-bit integers


def guard_requests(app: FastAPI, max_bytes: int = DEFAULT_MAX_REQUEST_BYTES) -> None:
    """Install the body-size limit and the safe validation-error answer on the app, and
    document every answer its routes give."""
    app.add_middleware(BodySizeLimit, max_bytes=max_bytes)
    app.add_exception_handler(RequestValidationError, _validation_failed)
    document_answers(app)


class BodySizeLimit:
    """Pure ASGI middleware: 413 for a body larger than `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise BodyTooLarge(self.max_bytes)  # an HTTPException: FastAPI answers it
            return message

        await self.app(scope, counted, send)

    async def _refuse(self, send: Send) -> None:
        refused = BodyTooLarge(self.max_bytes)
        response = JSONResponse({"detail": refused.detail}, status_code=refused.status_code)
        await response({"type": "http"}, _nothing, send)


class BodyTooLarge(HTTPException):
    def __init__(self, max_bytes: int) -> None:
        megabytes = max_bytes // (1024 * 1024)
        super().__init__(413, f"the request body is larger than {megabytes} MiB")


async def _nothing() -> Message:
    return {"type": "http.disconnect"}


async def _validation_failed(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return JSONResponse({"detail": [_shown(problem) for problem in error.errors()]}, 422)


def _shown(problem: dict[str, Any]) -> dict[str, Any]:
    shown: dict[str, Any] = {
        key: _safe(problem[key]) for key in ("type", "loc", "msg") if key in problem
    }
    if "input" in problem:
        shown["input"] = _safe(problem["input"])
    return shown


def _safe(value: Any) -> Any:
    """The value as JSON that encodes whatever it held, long text cut short."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        text = value.encode("utf-8", "replace").decode("utf-8")
        return text if len(text) <= ECHOED_CHARACTERS else text[:ECHOED_CHARACTERS] + "…"
    if isinstance(value, dict):
        return {_safe(str(key)): _safe(item) for key, item in list(value.items())[:50]}
    if isinstance(value, list | tuple):
        return [_safe(item) for item in value[:50]]
    return _safe(str(value))
