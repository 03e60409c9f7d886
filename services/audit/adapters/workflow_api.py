"""The Workflow service's tracker, asked over HTTP for each post's current stage (read-only)."""

from __future__ import annotations

from typing import Any

from shared.cli_http import Service, ServiceClient

PAGE = 1000


class WorkflowTracker:
    """Fetches stages with `GET /posts` pages, or `GET /posts/{n}` one by one if it must."""

    def __init__(self, base_url: str, token: str, timeout: float = 10.0) -> None:
        # Unreachable, refused or not JSON: a one-line `ServiceFailure` for the CLI to show.
        workflow = Service("Workflow", base_url.rstrip("/"), "--compare URL")
        self._client = ServiceClient(workflow, token, timeout)

    def close(self) -> None:
        self._client.close()

    def stages(self, post_numbers: list[str]) -> dict[str, str]:
        """Stage per post: every post the tracker lists, or, for a few posts, just those."""
        if len(post_numbers) <= 20:
            return self._one_by_one(post_numbers)
        listed = self._all_pages()
        return listed if listed is not None else self._one_by_one(post_numbers)

    def _all_pages(self) -> dict[str, str] | None:
        stages: dict[str, str] = {}
        offset = 0
        while True:
            answer = self._client.send("GET", "/posts", params={"limit": PAGE, "offset": offset})
            if answer.status_code != 200:
                return None
            posts = _posts_in(self._client.service.json_of(answer))
            if posts is None:
                return None
            stages.update(
                {str(post["post_number"]): str(post["stage"]) for post in posts if "stage" in post}
            )
            if len(posts) < PAGE:
                return stages
            offset += PAGE

    def _one_by_one(self, post_numbers: list[str]) -> dict[str, str]:
        stages: dict[str, str] = {}
        for number in post_numbers:
            answer = self._client.send("GET", f"/posts/{number}")
            if answer.status_code == 404:
                continue
            stages[number] = str(self._client.service.json_of(answer)["stage"])
        return stages


def _posts_in(body: Any) -> list[dict[str, Any]] | None:
    posts = body.get("posts") if isinstance(body, dict) else body
    if not isinstance(posts, list):
        return None
    return [post for post in posts if isinstance(post, dict) and "post_number" in post]
