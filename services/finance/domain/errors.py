"""Refusals a finance officer reads: each message says what is wrong in the council's words."""

from __future__ import annotations


class FinanceError(Exception):
    """Base of every refusal by the Finance domain."""


class NotFound(FinanceError):
    """The cost centre, team, process or candidate is not known (HTTP 404)."""


class NotAllowed(FinanceError):
    """The change is illegal in the current state (HTTP 409)."""


class InvalidRequest(FinanceError):
    """The request makes no sense for Finance (HTTP 422)."""
