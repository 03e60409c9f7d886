"""The demo's already-central posts and scope decisions (issue 15, item 7)."""

from __future__ import annotations

from datetime import date

from services.hr.application.demo import seed_demo
from services.hr.domain.scope import LeadResponse, ScopeStatus
from shared import demo
from tests.unit.hr.fakes import FakeUnitOfWork

TODAY = date(2026, 6, 1)
SEED, POSTS = 2026, 200


def _seeded() -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    seed_demo(lambda: uow, seed=SEED, support_posts=POSTS, today=TODAY)
    return uow


def test_hr_and_ppm_posts_start_in_their_central_team_and_no_transfer_is_started_for_them() -> None:
    posts = _seeded().posts.posts.values()
    central = [p for p in posts if p.function in ("HR", "PPM")]
    assert central and all(p.team == p.function and not p.transfers for p in central)
    assert all(p.team is None for p in posts if p.function not in ("HR", "PPM"))


def test_some_posts_are_out_of_scope_with_hr_reason_agreed_by_their_own_department_lead() -> None:
    uow = _seeded()
    out = {n: d for n, d in uow.scopes.scopes.items() if d.status is ScopeStatus.OUT_OF_SCOPE}
    wanted = demo.out_of_scope_posts(demo.generate_posts(SEED, POSTS))
    assert set(out) == set(wanted) and len(out) == 4
    for number, decision in out.items():
        department, reason = wanted[number]
        assert decision.reason == reason and decision.response is LeadResponse.AGREED
        assert decision.responded_by == f"demo-lead-{department.lower()}"
        assert not uow.posts.posts[number].transfers, "an out-of-scope post has no transfer"


def test_some_proposed_posts_are_under_review_and_the_closed_group_is_agreed_in_scope() -> None:
    statuses = [(d.status, d.agreed) for d in _seeded().scopes.scopes.values()]
    assert statuses.count((ScopeStatus.UNDER_REVIEW, False)) == 3
    assert (ScopeStatus.IN_SCOPE, True) in statuses


def test_seeding_again_changes_no_scope_decision() -> None:
    uow = _seeded()
    before = dict(uow.scopes.scopes)
    assert seed_demo(lambda: uow, seed=SEED, support_posts=POSTS, today=TODAY) == 0
    assert uow.scopes.scopes == before
