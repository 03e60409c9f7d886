"""A corrected fact on a post's journey: the post's corrected department of origin,
function and cost from the correction, and the correction on its timeline."""

from __future__ import annotations

from datetime import date

from services.workflow.domain.journey import fold_journey
from services.workflow.domain.summaries import summary_of
from services.workflow.subscriptions.kinds import kind_of
from shared.events.catalogue import CATALOGUE
from shared.events.post_corrections import FactValue, PostFactCorrected
from tests.support.events import Council, corrected, facts_of, proposed, registered


def _corrected(event_id: str, in_force: dict[str, FactValue]) -> PostFactCorrected:
    fixed = {"department": ("CS", "ASCH"), "annual_cost": (41_000, 43_000)}
    return corrected("10001", event_id, fixed, in_force)


def test_a_corrected_department_and_cost_show_on_the_journey_and_its_timeline() -> None:
    council = Council()
    registration = council.event(registered("10001"), date(2026, 5, 2))
    documents = [registration, council.event(proposed("10001", "T-1"), date(2026, 5, 3))]
    fix = _corrected(registration["event_id"], {"department": "ASCH", "annual_cost": 43_000})
    documents.append(council.event(fix, date(2026, 6, 1)))
    journey = fold_journey("10001", facts_of(documents))
    assert (journey.department, journey.annual_cost, journey.stage) == ("ASCH", 43_000, "proposed")
    assert summary_of(CATALOGUE["PostFactCorrected"], documents[-1]["payload"]) == (
        "PostRegistered corrected (department CS → ASCH, annual cost 41000 → 43000) by Head of "
        "HR Operations: registered against the wrong department"
    )
    assert kind_of(PostFactCorrected) == "posts"


def test_a_correction_a_later_fact_overrides_leaves_the_journey_as_it_was() -> None:
    council = Council()
    registration = council.event(registered("10001"), date(2026, 5, 2))
    fix = council.event(_corrected(registration["event_id"], {}), date(2026, 6, 1))
    journey = fold_journey("10001", facts_of([registration, fix]))
    assert (journey.department, journey.annual_cost) == ("CS", 41_000)
