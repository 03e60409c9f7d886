"""The HR API as the CLI sees it: a small client whose failures are one-line `ServiceFailure`s."""

from __future__ import annotations

from typing import Any

from shared.cli_http import Service, ServiceClient

PAGE = 10_000


class HrClient(ServiceClient):
    """Talks to one HR service with one bearer token."""

    def __init__(self, url: str, token: str, timeout: float = 300) -> None:
        super().__init__(Service.local("hr", url), token, timeout)

    def post_numbers(self, department: str | None, function: str | None) -> list[str]:
        """Every post number in a department, of a function, or both (paged through the list)."""
        given = {"department": department, "function": function}
        wanted = {name: value for name, value in given.items() if value}
        numbers: list[str] = []
        while True:
            params = {**wanted, "limit": PAGE, "offset": len(numbers)}
            page = self.call("GET", "/posts", params=params)
            numbers += [post["post_number"] for post in page]
            if len(page) < PAGE:
                return numbers

    def bulk(self, body: dict[str, Any], key: str) -> dict[str, Any]:
        result: dict[str, Any] = self.call(
            "POST", "/bulk/transfers", json=body, headers={"Idempotency-Key": key}
        )
        return result

    def bulk_run(self, run_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self.call("GET", f"/bulk/transfers/{run_id}")
        return result

    def load_csv(self, text: str) -> dict[str, Any]:
        result: dict[str, Any] = self.call(
            "POST", "/posts/csv", content=text.encode(), headers={"Content-Type": "text/csv"}
        )
        return result

    def take_effect_due(self) -> dict[str, Any]:
        result: dict[str, Any] = self.call("POST", "/transfers/take-effect-due")
        return result

    def change_reporting_line(
        self, post_number: str, reports_to: str | None, reason: str, effective_date: str | None
    ) -> dict[str, Any]:
        body = {"reports_to": reports_to, "reason": reason, "effective_date": effective_date}
        result: dict[str, Any] = self.call("PUT", f"/posts/{post_number}/reports-to", json=body)
        return result

    def name_team_head(self, team: str, post_number: str, reason: str) -> dict[str, Any]:
        body = {"post_number": post_number, "reason": reason}
        result: dict[str, Any] = self.call("PUT", f"/teams/{team}/head", json=body)
        return result

    def rescind(self, post_number: str, reason: str, decided_by: str) -> dict[str, Any]:
        body = {"reason": reason, "decided_by": decided_by}
        result: dict[str, Any] = self.call(
            "POST", f"/posts/{post_number}/transfer/rescind", json=body
        )
        return result

    def correct(self, post_number: str, body: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = self.call("POST", f"/posts/{post_number}/corrections", json=body)
        return result

    def end_post(self, post_number: str, action: str, body: dict[str, Any]) -> dict[str, Any]:
        """`action` is `at-risk` or `disestablish`."""
        result: dict[str, Any] = self.call("POST", f"/posts/{post_number}/{action}", json=body)
        return result

    def personal_data(self, employee_ref: str) -> dict[str, Any]:
        """Subject access: what HR holds about the employee, opened."""
        result: dict[str, Any] = self.call("GET", f"/employees/{employee_ref}/personal-data")
        return result

    def erase(self, employee_ref: str, request_reference: str) -> dict[str, Any]:
        body = {"request_reference": request_reference}
        result: dict[str, Any] = self.call("POST", f"/employees/{employee_ref}/erasure", json=body)
        return result

    def purge_personal_data(self) -> dict[str, Any]:
        result: dict[str, Any] = self.call("POST", "/personal-data/purge")
        return result
