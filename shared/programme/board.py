"""The six-monthly board report's figures as of a date, from plain facts.

The cabinet report asks for progress "on a six monthly basis"; boards read a summary first,
then planned against actual by wave, savings against targets, risks and decisions. Every
figure here is derived from facts each side reads its own way (Workflow from its read
models, the auditor from the raw log), so the two reports can be compared table by table.

Rules (the same for both):
- the plan in force is each wave's latest version recorded on or before the date;
- a wave's posts are those registered by the date, of its functions and departments, not
  central from the start and not agreed out of scope by the date;
- a milestone is reached on the first day of its fact (consultation opened, approval, move);
- decisions are the approvals' named decisions dated in the six months to the date;
- risks (stalled transfers, slipped milestones, consultations at risk) are in `risks.py`,
  savings per wave in `savings.py`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from shared.programme.board_types import DecisionFact, PostFacts, Table, WaveInForce
from shared.programme.exercises import ExerciseFacts
from shared.programme.plan import WavePlan
from shared.programme.progress import PostDates, wave_progress
from shared.programme.risks import consultations_table, risks_summary, slipped_table, stalls_table
from shared.programme.savings import SavingsFact, savings_rows, wave_savings_table

__all__ = ["BoardInputs", "DecisionFact", "PostFacts", "Table", "board_tables", "tables_json"]
PERIOD_DAYS = 182  # six months: the report's period
TREND_WEEKS = 26


@dataclass(kw_only=True)
class BoardInputs:
    """Everything the report is made of."""

    posts: Sequence[PostFacts] = ()
    plans: Mapping[str, Sequence[WavePlan]] = field(default_factory=dict)
    savings: Sequence[SavingsFact] = ()
    decisions: Sequence[DecisionFact] = ()
    exercises: Sequence[ExerciseFacts] = ()


def board_tables(inputs: BoardInputs, as_of: date) -> dict[str, Table]:
    """Every table of the report, in reading order: headline first, then the risks' counts
    before their lists."""
    waves = _waves_in_force(inputs, as_of)
    risks = {
        "stalls": stalls_table(inputs.posts, waves, as_of),
        "slipped": slipped_table(waves, as_of),
        "consultations": consultations_table(inputs.exercises, waves, as_of),
    }
    tables = {
        "waves": _waves_table(waves, as_of),
        "wave_savings": wave_savings_table(inputs.savings, waves, as_of),
        "savings": savings_rows(inputs.savings, as_of),
        "risks": risks_summary(risks),
        **risks,
        "decisions": _decisions_table(inputs.decisions, as_of),
        "trend": _trend_table(waves, as_of),
    }
    return {"headline": _headline(tables), **tables}


def _waves_in_force(inputs: BoardInputs, as_of: date) -> list[WaveInForce]:
    found = []
    for wave_id in sorted(inputs.plans):
        known = [p for p in inputs.plans[wave_id] if p.recorded_on and p.recorded_on <= as_of]
        if not known:
            continue
        plan = max(known, key=lambda p: p.version)
        posts = [_dates(p) for p in inputs.posts if _in_wave(p, plan, as_of)]
        found.append((wave_id, plan, sorted(posts, key=lambda p: p.post_number)))
    return found


def _in_wave(post: PostFacts, plan: WavePlan, as_of: date) -> bool:
    out = post.out_of_scope_on is not None and post.out_of_scope_on <= as_of
    return (
        post.registered_on <= as_of
        and not post.already_central
        and not out
        and plan.covers(post.function, post.department)
    )


def _dates(post: PostFacts) -> PostDates:
    return PostDates(
        post_number=post.post_number, department=post.department, function=post.function,
        annual_cost=post.annual_cost,
        consultation_started=post.consultation_started, approved=post.approved, moved=post.moved,
    )  # fmt: skip


def _waves_table(waves: list[WaveInForce], as_of: date) -> Table:
    headers = ("wave", "name", "plan_version", "owner_role", "status", "posts",
               "posts_due_to_have_moved", "posts_moved", "consultation_planned",
               "consultation", "approval_planned", "approval", "effective_planned",
               "move", "target_saving")  # fmt: skip
    rows: list[tuple[object, ...]] = []
    for wave_id, plan, posts in waves:
        progress = wave_progress(plan, posts, as_of)
        steps = {m.milestone: m for m in progress.milestones}
        rows.append((
            wave_id, plan.name, plan.version, plan.owner_role, plan.status, len(posts),
            progress.posts_planned_to_have_moved, progress.posts_moved,
            plan.consultation_starts_on.isoformat(), steps["consultation_started"].status,
            plan.approval_by.isoformat(), steps["approved"].status,
            plan.effective_on.isoformat(), steps["moved"].status, plan.target_saving,
        ))  # fmt: skip
    return headers, rows


def _decisions_table(decisions: Sequence[DecisionFact], as_of: date) -> Table:
    since = as_of - timedelta(days=PERIOD_DAYS)
    grouped: dict[tuple[str, date, str], int] = {}
    for decision in decisions:
        if since < decision.decided_on <= as_of:
            key = (decision.reference, decision.decided_on, decision.maker)
            grouped[key] = grouped.get(key, 0) + 1
    in_order = sorted(grouped.items(), key=lambda item: (item[0][1], item[0][0]))
    rows: list[tuple[object, ...]] = [
        (reference, day.isoformat(), maker, count) for (reference, day, maker), count in in_order
    ]
    return ("reference", "decided_on", "decision_maker", "posts_approved"), rows


def _trend_table(waves: list[WaveInForce], as_of: date) -> Table:
    rows: list[tuple[object, ...]] = []
    for weeks_back in range(TREND_WEEKS - 1, -1, -1):
        day = as_of - timedelta(weeks=weeks_back)
        due = moved = 0
        for _, plan, posts in waves:
            due += len(posts) if day >= plan.effective_on else 0
            moved += sum(1 for post in posts if post.reached("moved", day) is not None)
        rows.append((day.isoformat(), due, moved))
    return ("week_ending", "posts_due_to_have_moved", "posts_moved"), rows


def _headline(tables: dict[str, Table]) -> Table:
    waves, savings = tables["waves"][1], tables["savings"][1]
    posts, moved = sum(int(str(r[5])) for r in waves), sum(int(str(r[7])) for r in waves)
    due = sum(int(str(r[6])) for r in waves)
    rows: list[tuple[object, ...]] = [
        ("waves", len(waves)),
        ("posts_in_waves", posts),
        ("posts_due_to_have_moved", due),
        ("posts_moved", moved),
        ("percent_moved", round(100 * moved / posts, 1) if posts else 0.0),
        *((str(risk), count) for risk, count, _ in tables["risks"][1]),
        ("savings_target", sum(int(str(r[2])) for r in savings)),
        ("savings_realised", sum(int(str(r[3])) for r in savings)),
        ("decisions_in_period", len(tables["decisions"][1])),
    ]
    return ("measure", "value"), rows


def tables_json(tables: dict[str, Table]) -> dict[str, Any]:
    """The report's tables as JSON: headers and rows per table (what is compared)."""
    return {
        name: {"headers": list(headers), "rows": [list(row) for row in rows]}
        for name, (headers, rows) in tables.items()
    }
