"""The board report's risks as of a date: transfers stalled, waves slipped, consultations at
risk — a count of each, then each listed.

Stalls follow Workflow's stall watch (`services/workflow/domain/stalls.py`) at its default
limits: proposed over 60 days without consultation, in consultation over 30 days, approved
and over 7 days past the effective date without moving. The report applies them to each
post's facts as of its date (not to the `TransferStalled` milestones, which are stamped when
the watch ran), so the auditor, reading only the log, gets the same list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from shared.programme.board_types import PostFacts, Table, WaveInForce
from shared.programme.exercises import ExerciseFacts
from shared.programme.plan import CLOSED_STATUSES
from shared.programme.progress import wave_progress

# Workflow's default stall limits (WorkflowSettings.stall_*_days), by the stage stalled in.
STALL_LIMIT_DAYS = {"proposed": 60, "in_consultation": 30, "approved": 7}
NO_WAVE = "none"


def stall_of(post: PostFacts, as_of: date) -> tuple[str, date, int] | None:
    """(stage, since, days) when the post's latest transfer is stalled on `as_of`."""
    proposed = post.proposed
    ended = post.transfer_ended
    if proposed is None or proposed > as_of or (ended and proposed <= ended <= as_of):
        return None

    def reached(day: date | None) -> bool:  # by the date, and not by a transfer that ended
        # (a consultation may open on a day before HR recorded the proposal: it still counts)
        return day is not None and day <= as_of and (ended is None or day > ended)

    if reached(post.moved):
        return None
    if reached(post.approved):
        stage, since = "approved", post.effective_date
    elif reached(post.consultation_started):
        if reached(post.consultation_closed):
            return None  # awaiting approval: the stall watch has no limit there
        stage, since = "in_consultation", post.consultation_started
    else:
        stage, since = "proposed", proposed
    if since is None or (as_of - since).days <= STALL_LIMIT_DAYS[stage]:
        return None
    return stage, since, (as_of - since).days


def wave_of_posts(waves: Sequence[WaveInForce]) -> dict[str, str]:
    """Each post's wave (in force on the report's date)."""
    return {post.post_number: wave_id for wave_id, _, posts in waves for post in posts}


def stalls_table(posts: Sequence[PostFacts], waves: Sequence[WaveInForce], as_of: date) -> Table:
    """Every transfer stalled on the date, longest first."""
    wave_of = wave_of_posts(waves)
    rows: list[tuple[object, ...]] = []
    for post in posts:
        stall = stall_of(post, as_of)
        if stall is not None and not post.already_central:
            stage, since, days = stall
            rows.append((post.post_number, wave_of.get(post.post_number, NO_WAVE),
                         post.department, stage, since.isoformat(), days,
                         STALL_LIMIT_DAYS[stage]))  # fmt: skip
    rows.sort(key=lambda row: (-int(str(row[5])), str(row[0])))
    headers = ("post_number", "wave", "department", "stage", "since", "days_in_stage",
               "limit_days")  # fmt: skip
    return headers, rows


def slipped_table(waves: Sequence[WaveInForce], as_of: date) -> Table:
    """Every milestone of an open wave whose planned date has passed unmet."""
    rows: list[tuple[object, ...]] = []
    for wave_id, plan, posts in waves:
        if plan.status in CLOSED_STATUSES:
            continue
        for step in wave_progress(plan, posts, as_of).milestones:
            if step.status == "slipped":
                rows.append((wave_id, step.milestone, step.planned_on.isoformat(),
                             step.posts_reached, step.posts_in_wave))  # fmt: skip
    return ("wave", "milestone", "planned_on", "posts_reached", "posts_in_wave"), rows


def consultations_table(
    exercises: Sequence[ExerciseFacts], waves: Sequence[WaveInForce], as_of: date
) -> Table:
    """Every consultation exercise at risk on the date, soonest planned close first."""
    wave_of = wave_of_posts(waves)
    rows: list[tuple[object, ...]] = []
    for exercise in exercises:
        risk = exercise.at_risk(as_of)
        if risk is None:
            continue
        planned, unanswered, why = risk
        in_waves = sorted({wave_of.get(n, NO_WAVE) for n in exercise.post_numbers})
        rows.append((exercise.exercise_id, " ".join(in_waves), exercise.opened_on.isoformat(),
                     planned.isoformat(), (planned - as_of).days, unanswered,
                     len(exercise.post_numbers), why))  # fmt: skip
    rows.sort(key=lambda row: (str(row[3]), str(row[0])))
    headers = ("exercise", "wave", "opened_on", "planned_close", "days_to_close",
               "questions_unanswered", "posts", "why")  # fmt: skip
    return headers, rows


def risks_summary(tables: Mapping[str, Table]) -> Table:
    """How many of each risk, and the waves they touch."""
    rows: list[tuple[object, ...]] = []
    for risk, name, wave_column in (
        ("transfers_stalled", "stalls", 1),
        ("milestones_slipped", "slipped", 0),
        ("consultations_at_risk", "consultations", 1),
    ):
        listed = tables[name][1]
        touched = sorted({w for row in listed for w in str(row[wave_column]).split()})
        rows.append((risk, len(listed), " ".join(touched)))
    return ("risk", "count", "waves"), rows
