"""How every `onecouncil` command talks to a service, and how it fails: in one line.

Commands call services through `ServiceClient` (or translate their own failures into a
`ServiceFailure`); every command group is a `ServiceCommands` group, which turns a
`ServiceFailure` raised anywhere under it into one line on stderr and exit code 1. So an
unreachable service, a refusal or an answer that is not JSON (the wrong port) reads the same
in every command, and never as a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import typer
from typer.core import TyperGroup

# Where `make demo` runs each service, and the variable that points the CLI elsewhere.
SERVICE_URLS: dict[str, tuple[str, str]] = {
    "hr": ("ONECOUNCIL_HR_URL", "http://127.0.0.1:8001"),
    "finance": ("ONECOUNCIL_FINANCE_URL", "http://127.0.0.1:8002"),
    "workflow": ("ONECOUNCIL_WORKFLOW_URL", "http://127.0.0.1:8003"),
}


class ServiceFailure(Exception):
    """A service could not be reached, refused, or did not answer as that service would.

    `status` is the HTTP status (None: no answer); `hint` a second line saying what to do.
    """

    def __init__(self, message: str, status: int | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.hint = hint


@dataclass(frozen=True)
class Service:
    """A service as the CLI addresses it: its name, its URL and how to point elsewhere."""

    name: str
    url: str
    how_to_point: str

    @classmethod
    def local(cls, key: str, url: str | None = None, how_to_point: str = "") -> Service:
        """`key` ("hr", "finance", "workflow") at `url`, or where `make demo` runs it."""
        variable, default = SERVICE_URLS[key]
        return cls(
            "HR" if key == "hr" else key.capitalize(),
            (url or default).rstrip("/"),
            how_to_point or f"--url or {variable}",
        )

    def unreachable(self, error: Exception) -> ServiceFailure:
        return ServiceFailure(
            f"could not reach the {self.name} service at {self.url} ({type(error).__name__}); "
            f"start it (make demo) or point the CLI at it with {self.how_to_point}"
        )

    def not_itself(self, answer: httpx.Response) -> ServiceFailure:
        kind = answer.headers.get("content-type", "no content type").split(";")[0]
        return ServiceFailure(
            f"{self.url} answered HTTP {answer.status_code} with {kind}, not the "
            f"{self.name} service's JSON: point the CLI at the {self.name} service with "
            f"{self.how_to_point}",
            answer.status_code,
        )

    def json_of(self, answer: httpx.Response) -> Any:
        """The answer's JSON; a refusal or a non-JSON answer raises `ServiceFailure`."""
        try:
            body = answer.json()
        except ValueError:
            raise self.not_itself(answer) from None
        if answer.status_code >= 400:
            detail = body.get("detail", body) if isinstance(body, dict) else body
            raise ServiceFailure(
                f"refused (HTTP {answer.status_code}): {_readable(detail)}", answer.status_code
            )
        return body


class ServiceClient:
    """One service, one bearer token: JSON calls whose failures are `ServiceFailure`s."""

    def __init__(self, service: Service, token: str, timeout: float = 60) -> None:
        self.service = service
        self._http = httpx.Client(
            base_url=service.url, headers={"Authorization": f"Bearer {token}"}, timeout=timeout
        )

    def send(self, method: str, path: str, **options: Any) -> httpx.Response:
        """The raw answer (any status); no answer at all raises `ServiceFailure`."""
        try:
            return self._http.request(method, path, **options)
        except httpx.HTTPError as error:
            raise self.service.unreachable(error) from None

    def call(self, method: str, path: str, **options: Any) -> Any:
        """The answer's JSON, or `ServiceFailure` saying in one line what went wrong."""
        return self.service.json_of(self.send(method, path, **options))

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ServiceClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class ServiceCommands(TyperGroup):
    """A command group whose commands end a `ServiceFailure` with one line and exit 1."""

    def invoke(self, ctx: Any) -> Any:  # Any: typer's own (vendored) click.Context
        try:
            return super().invoke(ctx)
        except ServiceFailure as failure:
            typer.echo(f"Error: {failure.message}", err=True)
            if failure.hint:
                typer.echo(failure.hint, err=True)
            raise typer.Exit(1) from None


def _readable(detail: Any) -> str:
    if isinstance(detail, list):  # a 422: name each field and what is wrong with it
        return "; ".join(
            f"{'.'.join(str(p) for p in item.get('loc', [])[1:])}: {item.get('msg')}"
            if isinstance(item, dict)
            else str(item)
            for item in detail
        )
    return str(detail)
