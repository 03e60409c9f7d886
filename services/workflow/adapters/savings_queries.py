"""Reading savings: per team, per department of origin and programme-wide, for a year or
several, by the one set of definitions in `domain/savings.py`."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from sqlalchemy import Connection, select

from services.workflow.adapters.fte_queries import fte_by, releases
from services.workflow.adapters.pipeline_queries import candidate_views
from services.workflow.adapters.tables import benefit_measurements, savings_events
from services.workflow.domain.benefits import WorkingTime
from services.workflow.domain.candidate import COMMITTED, CandidateStatus
from services.workflow.domain.savings import (
    CandidateSaving,
    RealisedRecord,
    SavingsPosition,
    by_department_of_origin,
    savings_position,
)
from shared.events import finance

PROGRAMME = "PROGRAMME"
DEFINITIONS = {
    "identified": "estimated, every candidate not rejected (approved or not)",
    "approved": "estimated, candidates approved, in delivery or delivered",
    "estimated": "the same as approved",
    "realised": "booked by Finance, else measured in the benefits register, else the "
    "realised money of candidates delivered in the year",
    "gap": "target minus realised",
    "budget_reduced": "given up from central teams' budget lines by Finance for the year",
    "fte_released": "FTE delivered candidates released in the year: recorded from posts or "
    "teams, and the FTE of posts they disestablished",
}


def savings_report(
    connection: Connection,
    working: WorkingTime,
    teams: list[str],
    departments: list[str],
    years: list[str],
) -> list[dict[str, Any]]:
    """For each year: every team's, department's and the programme's position."""
    facts = [dict(row) for row in connection.execute(select(savings_events)).mappings()]
    savings = _candidate_savings(connection, working)
    released = releases(connection)
    return [_with_fte(_year(facts, savings, teams, departments, year), released) for year in years]


def _with_fte(year: dict[str, Any], released: list[dict[str, Any]]) -> dict[str, Any]:
    """Add the FTE delivered candidates released in the year, per team and programme-wide."""
    in_year = [r for r in released if r["financial_year"] == year["financial_year"]]
    by_team = fte_by(in_year, "team")
    for row in year["teams"]:
        row["fte_released"] = by_team.get(row["team"], 0.0)
    year["programme"]["fte_released"] = round(sum(by_team.values()), 2)
    return year


def _year(
    facts: list[dict[str, Any]],
    savings: dict[str, list[CandidateSaving]],
    teams: list[str],
    known_departments: list[str],
    year: str,
) -> dict[str, Any]:
    targets = _latest_targets(facts, year)
    records = [
        (row["team"], RealisedRecord(row["financial_year"], row["amount"], row["candidate_id"]))
        for row in facts
        if row["event_type"] == finance.SavingsRealised.EVENT_TYPE
    ]
    reduced: dict[str, int] = {}
    for row in facts:
        if row["event_type"] == finance.CentralBudgetReduced.EVENT_TYPE and (
            row["financial_year"] == year
        ):
            reduced[row["team"]] = reduced.get(row["team"], 0) + row["amount"]
    positions = [
        replace(
            savings_position(
                team,
                year,
                targets.get(team, 0),
                [record for owner, record in records if owner == team],
                savings.get(team, []),
            ),
            budget_reduced=reduced.get(team, 0),
        )
        for team in teams
    ]
    every = [saving for listed in savings.values() for saving in listed]
    all_records = [record for _, record in records]
    departments = by_department_of_origin(
        year, {d: targets[d] for d in known_departments if d in targets}, all_records, every
    )
    whole = replace(
        savings_position(PROGRAMME, year, targets.get(PROGRAMME, 0), all_records, every),
        budget_reduced=sum(reduced.values()),
    )
    return {
        "financial_year": year,
        "teams": [asdict(p) for p in positions],
        "departments": [_named(p) for p in departments.values()],
        "programme": asdict(whole) | {"team_targets": sum(p.target for p in positions)},
        "definitions": DEFINITIONS,
    }


def _named(position: SavingsPosition) -> dict[str, Any]:
    fields = asdict(position)
    return fields | {"department": fields.pop("team")}


def _latest_targets(facts: list[dict[str, Any]], year: str) -> dict[str, int]:
    """The latest target set for each team, department or the programme for the year."""
    kinds = {finance.SavingsTargetSet.EVENT_TYPE, finance.ProgrammeSavingsTargetSet.EVENT_TYPE}
    latest: dict[str, tuple[int, int]] = {}
    for row in facts:
        wanted = row["event_type"] in kinds and row["financial_year"] == year
        if wanted and row["sequence"] >= latest.get(row["team"], (0, 0))[0]:
            latest[row["team"]] = (row["sequence"], row["amount"])
    return {scope: amount for scope, (_, amount) in latest.items()}


def _candidate_savings(
    connection: Connection, working: WorkingTime
) -> dict[str, list[CandidateSaving]]:
    measured: dict[str, dict[str, int]] = {}
    for row in connection.execute(select(benefit_measurements)).mappings():
        years = measured.setdefault(row["candidate_id"], {})
        years[row["financial_year"]] = years.get(row["financial_year"], 0) + row["cashable_money"]
    by_team: dict[str, list[CandidateSaving]] = {}
    for view in candidate_views(connection, working):
        status = CandidateStatus(view["status"])
        by_team.setdefault(view["team"], []).append(
            CandidateSaving(
                candidate_id=view["candidate_id"],
                committed=status in COMMITTED,
                estimated_money=view["money_saved_per_year"] or 0,
                realised_money=view["realised_money_saved_per_year"],
                delivered_on=view["delivered_on"],
                live=status is not CandidateStatus.REJECTED,
                departments=tuple(view["departments"]),
                measured=measured.get(view["candidate_id"], {}),
            )
        )
    return by_team
