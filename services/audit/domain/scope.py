"""Which aggregates a replay covers: everything, one post, or one department.

Decided per aggregate, on its first event seen, so an aggregate is either checked whole or not
at all (half a stream would look like missing events).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Scope:
    """A filter on the raw documents; with neither field set, everything is in scope."""

    post: str | None = None
    department: str | None = None
    _decided: dict[tuple[Any, Any], bool] = field(default_factory=dict, repr=False)

    @property
    def everything(self) -> bool:
        return self.post is None and self.department is None

    def covers(self, document: dict[str, Any]) -> bool:
        """True when the document's aggregate is in scope."""
        if self.everything:
            return True
        key = (document.get("aggregate_type"), document.get("aggregate_id"))
        decided = self._decided.get(key)
        if decided is None:
            decided = self._decided[key] = self._matches(document)
        return decided

    def _matches(self, document: dict[str, Any]) -> bool:
        if self.post is not None:
            payload = document.get("payload")
            number = payload.get("post_number") if isinstance(payload, dict) else None
            if self.post not in (document.get("aggregate_id"), number):
                return False
        return self.department is None or document.get("department") == self.department
