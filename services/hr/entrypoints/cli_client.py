"""The HR API as the CLI sees it: a small HTTP client with officer-readable failures."""

from __future__ import annotations

from typing import Any

import httpx


class ApiRefused(Exception):
    """The HR API answered with an error (`status`; None: no answer); the message is its
    `detail`."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class HrClient:
    """Talks to one HR service with one bearer token."""

    def __init__(self, url: str, token: str, timeout: float = 300) -> None:
        self._http = httpx.Client(
            base_url=url.rstrip("/"),
            headers={"Authorization": f"Bearer {token}"},
            timeout=timeout,
        )

    def post_numbers(self, department: str, function: str) -> list[str]:
        """Every post number of a function in a department (paged through the list API)."""
        numbers: list[str] = []
        while True:
            page = self._call(
                "GET",
                "/posts",
                params={
                    "department": department,
                    "function": function,
                    "limit": 10_000,
                    "offset": len(numbers),
                },
            )
            numbers += [post["post_number"] for post in page]
            if len(page) < 10_000:
                return numbers

    def bulk(self, body: dict[str, Any], key: str) -> dict[str, Any]:
        result: dict[str, Any] = self._call(
            "POST", "/bulk/transfers", json=body, headers={"Idempotency-Key": key}
        )
        return result

    def bulk_run(self, run_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self._call("GET", f"/bulk/transfers/{run_id}")
        return result

    def load_csv(self, text: str) -> dict[str, Any]:
        result: dict[str, Any] = self._call(
            "POST", "/posts/csv", content=text.encode(), headers={"Content-Type": "text/csv"}
        )
        return result

    def take_effect_due(self) -> dict[str, Any]:
        result: dict[str, Any] = self._call("POST", "/transfers/take-effect-due")
        return result

    def _call(self, method: str, path: str, **options: Any) -> Any:
        try:
            answer = self._http.request(method, path, **options)
        except httpx.HTTPError as error:
            raise ApiRefused(f"could not reach the HR service: {error}") from None
        if answer.status_code >= 400:
            raise ApiRefused(f"HTTP {answer.status_code}: {_detail(answer)}", answer.status_code)
        return answer.json()


def _detail(answer: httpx.Response) -> str:
    try:
        detail = answer.json().get("detail")
    except ValueError:
        return answer.text
    if isinstance(detail, list):  # a 422: name each field and what is wrong with it
        return "; ".join(
            f"{'.'.join(str(p) for p in item.get('loc', [])[1:])}: {item.get('msg')}"
            for item in detail
        )
    return str(detail)
