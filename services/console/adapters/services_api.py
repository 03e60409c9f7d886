"""Calling the HR, Finance and Workflow APIs as the signed-in user (their bearer token)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class ApiRefusal(Exception):
    """A 4xx answer: the service refused, in its own words (and per field for a 422)."""

    status: int
    message: str
    field_errors: list[dict[str, Any]] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


class ServiceUnavailable(Exception):
    """The service did not answer, or answered with a 5xx."""


class ServiceApi:
    """One service's API; each call carries the caller's token."""

    def __init__(self, name: str, client: httpx.AsyncClient) -> None:
        self.name = name
        self.client = client

    async def get(self, token: str, path: str, **params: Any) -> Any:
        wanted = {key: value for key, value in params.items() if value not in (None, "")}
        return await self._send("GET", path, token, params=wanted)

    async def post(
        self, token: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> Any:
        return await self._send("POST", path, token, json=body or {}, headers=headers)

    async def delete(self, token: str, path: str) -> None:
        await self._send("DELETE", path, token)

    async def download(self, token: str, path: str, **params: Any) -> httpx.Response:
        """A file the service makes (an export): the answer whole, for its bytes and headers."""
        wanted = {key: value for key, value in params.items() if value not in (None, "")}
        return await self._answer("GET", path, token, params=wanted)

    async def _send(self, method: str, path: str, token: str, **options: Any) -> Any:
        answer = await self._answer(method, path, token, **options)
        return answer.json() if answer.status_code != 204 else None

    async def _answer(self, method: str, path: str, token: str, **options: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}", **(options.pop("headers", None) or {})}
        try:
            answer = await self.client.request(method, path, headers=headers, **options)
        except httpx.HTTPError as error:
            raise ServiceUnavailable(f"the {self.name} service did not answer ({error})") from None
        if answer.status_code >= 500:
            raise ServiceUnavailable(f"the {self.name} service failed ({answer.status_code})")
        if answer.status_code >= 400:
            raise _refusal(answer)
        return answer


def _refusal(answer: httpx.Response) -> ApiRefusal:
    try:
        detail = answer.json().get("detail")
    except ValueError:
        detail = answer.text
    if isinstance(detail, list):
        return ApiRefusal(answer.status_code, "check the highlighted answers", detail)
    return ApiRefusal(answer.status_code, str(detail or answer.reason_phrase))


@dataclass
class Services:
    """The three APIs the console reads and writes through."""

    hr: ServiceApi
    finance: ServiceApi
    workflow: ServiceApi

    @classmethod
    def connect(
        cls, hr_url: str, finance_url: str, workflow_url: str, timeout: float = 60
    ) -> Services:
        def client(url: str) -> httpx.AsyncClient:
            return httpx.AsyncClient(base_url=url, timeout=timeout)

        return cls(
            ServiceApi("HR", client(hr_url)),
            ServiceApi("Finance", client(finance_url)),
            ServiceApi("Workflow", client(workflow_url)),
        )

    async def close(self) -> None:
        for api in (self.hr, self.finance, self.workflow):
            await api.client.aclose()
