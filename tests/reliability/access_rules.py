"""Who may call what: the rule for every route of every service, and the callers to try.

A route without a rule here fails `test_every_route_of_every_service_has_an_access_rule`,
so a new endpoint cannot slip in unconsidered.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import Route

from shared.auth import holds, mint_token
from tests.support.services import JWT_SECRET

PUBLIC = "public"  # anyone, no token
ANY_ROLE = ("hr_staff", "finance_staff", "auditor", "department_lead")
READERS = ("hr_staff", "finance_staff", "auditor")
OWN = "own department"  # in a rule: a lead of another department is refused
SCOPED = (*ANY_ROLE, OWN)  # any role, but a lead only for their own department's post
FEED_READERS = ("department_lead", "auditor", OWN)
LEAD_ONLY = ("department_lead", OWN)
Rule = str | tuple[str, ...]

DOCS: dict[tuple[str, str], Rule] = {
    ("GET", "/openapi.json"): PUBLIC, ("GET", "/docs"): PUBLIC,
    ("GET", "/docs/oauth2-redirect"): PUBLIC, ("GET", "/redoc"): PUBLIC,
    ("GET", "/health"): PUBLIC, ("GET", "/health/live"): PUBLIC, ("GET", "/health/ready"): PUBLIC,
    ("GET", "/metrics"): PUBLIC,  # counts by route, group and partition: no post, person or sum
    ("GET", "/operations/dead-letters"): READERS,
    ("GET", "/operations/dead-letters/{letter_id}"): READERS,
}  # fmt: skip


def _resolvers(*roles: str) -> dict[tuple[str, str], Rule]:
    return {("POST", f"/operations/dead-letters/{{letter_id}}/{verb}"): roles
            for verb in ("redrive", "discard", "approve-correction")}  # fmt: skip


HR_STAFF, FINANCE_STAFF = ("hr_staff",), ("finance_staff",)
HR_TRANSFER_STEPS = ("effective-date", "consultation/open", "consultation/close", "approve",
                     "reject", "take-effect", "cancel", "rescind")  # fmt: skip
EDITORS = ("hr_staff", "finance_staff")  # Workflow's own redesign and programme records
CANDIDATE_STEPS = ("assess", "approve", "reject", "start-delivery", "deliver")


def _redesign(staff: Rule) -> dict[tuple[str, str], Rule]:
    """The redesign routes a service that owns its function's processes has (shared/redesign)."""
    return {
        ("POST", "/processes"): staff,
        ("POST", "/processes/{process_id}/review"): staff,
        ("POST", "/processes/{process_id}/candidates"): staff,
        **{("POST", f"/candidates/{{candidate_id}}/{step}"): staff for step in CANDIDATE_STEPS},
    }


RULES: dict[str, dict[tuple[str, str], Rule]] = {
    "hr": {
        **DOCS, **_resolvers("hr_staff"),
        ("POST", "/posts"): HR_STAFF, ("PATCH", "/posts/{post_number}"): HR_STAFF,
        ("GET", "/posts/{post_number}"): SCOPED, ("GET", "/posts"): ANY_ROLE,
        ("POST", "/posts/csv"): HR_STAFF,
        ("GET", "/exports/payroll"): EDITORS,  # payroll sits in HR or Finance; never leads
        ("POST", "/posts/{post_number}/transfer"): HR_STAFF,
        ("POST", "/posts/{post_number}/transfers"): HR_STAFF,
        ("GET", "/posts/{post_number}/transfer"): SCOPED,
        **{("POST", f"/posts/{{post_number}}/transfer/{step}"): HR_STAFF
           for step in HR_TRANSFER_STEPS},
        ("POST", "/transfers/take-effect-due"): HR_STAFF,
        ("POST", "/bulk/transfers"): HR_STAFF,
        ("GET", "/bulk/transfers/{run_id}"): ("hr_staff", "auditor"),
        ("POST", "/consultation-exercises"): HR_STAFF,
        # Leads read exercises through Workflow's /consultations, scoped to their department.
        ("GET", "/consultation-exercises/{exercise_id}"): READERS,
        **{("POST", f"/consultation-exercises/{{exercise_id}}/{step}"): HR_STAFF
           for step in ("documents", "questions", "questions/{question_id}/answer", "extend",
                        "close", "decision")},
        ("POST", "/posts/{post_number}/scope"): HR_STAFF,
        ("GET", "/posts/{post_number}/scope"): SCOPED,
        # Only the post's own department lead signs off its scope: not HR on a lead's behalf.
        ("POST", "/posts/{post_number}/scope/response"): LEAD_ONLY,
        ("PUT", "/posts/{post_number}/reports-to"): HR_STAFF,
        ("POST", "/posts/{post_number}/corrections"): HR_STAFF,
        ("PUT", "/teams/{team}/head"): HR_STAFF, ("GET", "/teams"): ANY_ROLE,
        # Every department's tree: officers and auditors; leads see their own posts elsewhere.
        ("GET", "/org-chart"): READERS,
        **_redesign(HR_STAFF),
        ("POST", "/posts/{post_number}/at-risk"): HR_STAFF,
        ("POST", "/posts/{post_number}/disestablish"): HR_STAFF,
        # A person's data opened, erased for good, or past its retention: HR staff only.
        ("GET", "/employees/{employee_ref}/personal-data"): HR_STAFF,
        ("POST", "/employees/{employee_ref}/erasure"): HR_STAFF,
        ("POST", "/personal-data/purge"): HR_STAFF,
    },
    "finance": {
        **DOCS, **_resolvers("finance_staff"),
        ("PUT", "/cost-centres/{code}"): FINANCE_STAFF, ("GET", "/cost-centres"): ANY_ROLE,
        ("GET", "/exports/ledger"): FINANCE_STAFF,  # every department's money: Finance's
        ("GET", "/budget-lines"): ANY_ROLE, ("GET", "/reservations"): ANY_ROLE,
        ("POST", "/savings/targets"): FINANCE_STAFF, ("POST", "/savings/realised"): FINANCE_STAFF,
        ("GET", "/savings"): ANY_ROLE, **_redesign(FINANCE_STAFF),
        ("POST", "/savings/targets/programme"): FINANCE_STAFF,
    },
    "workflow": {
        **DOCS, **_resolvers("hr_staff", "finance_staff"),
        ("GET", "/posts/{post_number}"): SCOPED, ("GET", "/posts/{post_number}/timeline"): SCOPED,
        ("GET", "/posts"): ANY_ROLE, ("GET", "/blocked"): ANY_ROLE,
        ("GET", "/progress/departments"): ANY_ROLE, ("GET", "/progress/teams"): ANY_ROLE,
        ("GET", "/progress/functions"): ANY_ROLE,
        ("POST", "/processes"): ("hr_staff", "finance_staff"), ("GET", "/processes"): ANY_ROLE,
        ("POST", "/candidates"): ("hr_staff", "finance_staff"),
        ("POST", "/candidates/{candidate_id}/{step}"): ("hr_staff", "finance_staff"),
        ("GET", "/candidates"): ANY_ROLE, ("GET", "/candidates/{candidate_id}"): ANY_ROLE,
        ("GET", "/savings"): ANY_ROLE, ("GET", "/savings/{team}"): ANY_ROLE,
        ("GET", "/catch-up"): ANY_ROLE,
        ("POST", "/subscriptions"): LEAD_ONLY,
        ("GET", "/subscriptions"): ("department_lead", "auditor"),
        ("GET", "/subscriptions/{subscription_id}"): FEED_READERS,
        ("DELETE", "/subscriptions/{subscription_id}"): LEAD_ONLY,
        ("GET", "/subscriptions/{subscription_id}/parked"): FEED_READERS,
        ("POST", "/subscriptions/{subscription_id}/parked/{delivery_id}/redeliver"): LEAD_ONLY,
        ("POST", "/subscriptions/{subscription_id}/test-message"): LEAD_ONLY,
        ("GET", "/feed"): ("department_lead", "auditor"),
        ("GET", "/feed/stream"): ("department_lead", "auditor"),
        # An email's unsubscribe link: the signed token is the permission, for one subscription.
        ("GET", "/unsubscribe/{token}"): PUBLIC, ("POST", "/unsubscribe/{token}"): PUBLIC,
        # A lead of another department gets 403 on an exercise that does not consult theirs
        # (tests/integration/workflow); an unknown id is 404 for everyone first.
        ("GET", "/consultations"): ANY_ROLE, ("GET", "/consultations/{exercise_id}"): ANY_ROLE,
        ("POST", "/processes/{process_id}/review"): EDITORS,
        ("GET", "/support-needs"): ANY_ROLE,  # a lead: their own department's (department_scope)
        ("PUT", "/candidates/{candidate_id}/benefits"): EDITORS,
        ("POST", "/candidates/{candidate_id}/benefits/health"): EDITORS,
        ("POST", "/candidates/{candidate_id}/benefits/measurements"): EDITORS,
        ("POST", "/candidates/{candidate_id}/benefits/fte-released"): EDITORS,
        ("GET", "/benefits"): ANY_ROLE, ("GET", "/candidates/{candidate_id}/benefits"): ANY_ROLE,
        ("GET", "/savings/years"): ANY_ROLE,
        **{("GET", f"/golden-thread/{kind}"): ANY_ROLE
           for kind in ("candidates/{candidate_id}", "teams/{team}", "posts/{post_number}")},
        ("POST", "/programme/waves"): EDITORS,
        ("POST", "/programme/waves/{wave_id}/replan"): EDITORS,
        ("POST", "/programme/waves/{wave_id}/equality-assessment"): EDITORS,
        # Waves: a lead sees their own department's figures; the board report is the whole
        # council's, for officers and auditors (it goes to Cabinet, not to one department).
        ("GET", "/programme/waves"): ANY_ROLE, ("GET", "/programme/waves/{wave_id}"): ANY_ROLE,
        ("GET", "/programme/board-report"): READERS,
    },
}  # fmt: skip


def routes_of(app: FastAPI) -> list[tuple[str, str]]:
    """Every (method, path) the app answers, however its routers are nested."""
    return sorted(set(_walk(app.routes, "")))


def _walk(routes: list[Any], prefix: str) -> Iterator[tuple[str, str]]:
    for route in routes:
        if hasattr(route, "original_router"):  # FastAPI's included router
            yield from _walk(route.original_router.routes, prefix + route.include_context.prefix)
        elif isinstance(route, APIRoute | Route):
            yield from ((m, prefix + route.path) for m in route.methods or () if m != "HEAD")
        elif hasattr(route, "routes"):
            yield from _walk(route.routes, prefix + getattr(route, "path", ""))


def callers(lead_department: str, other_department: str) -> dict[str, str | None]:
    """A bearer token per kind of caller (None: no token at all); the lead of the department
    comes last, so a route that deletes what it is called on is refused to everyone first."""
    sign = mint_token
    return {
        "no token": None,
        "expired": sign(JWT_SECRET, "late", "hr_staff", ttl=timedelta(hours=-1)),
        "wrongly signed": sign("another-secret-of-sufficient-length!!", "forger", "hr_staff"),
        "hr_staff": sign(JWT_SECRET, "hr", "hr_staff"),
        "hr_manager": sign(JWT_SECRET, "hr-manager", "hr_manager"),
        "finance_staff": sign(JWT_SECRET, "fin", "finance_staff"),
        "auditor": sign(JWT_SECRET, "audit", "auditor"),
        "lead of another department": sign(
            JWT_SECRET, "other-lead", "department_lead", other_department
        ),
        "department_lead": sign(JWT_SECRET, "lead", "department_lead", lead_department),
    }


def expected(rule: Rule, caller: str) -> str:
    """'ok' (neither 401 nor 403, and no 5xx), '401' or '403'."""
    if rule == PUBLIC:
        return "ok"
    if caller in ("no token", "expired", "wrongly signed"):
        return "401"
    role = "department_lead" if caller.startswith("lead") else caller
    if caller == "lead of another department" and OWN in rule:
        return "403"
    return "ok" if holds(role, tuple(rule)) else "403"


BODIES: dict[tuple[str, str, str], dict[str, Any]] = {
    # Refused by role only once the body is read: give one that is otherwise acceptable.
    ("workflow", "POST", "/subscriptions"): {"department": "CS"},
    ("hr", "POST", "/posts/{post_number}/scope/response"): {"response": "agreed", "reason": ""},
}
