"""Find waves whose planned dates passed unmet and publish `WaveSlipped` once per milestone
and plan version (a re-plan's new date may slip again, and is reported again)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection

from services.workflow.adapters.wave_queries import posts_of_wave
from services.workflow.projections.milestones import Milestone, publish_once, wave_slipped_key
from services.workflow.projections.programme import load_waves
from shared.events.milestones import WaveSlipped
from shared.persistence.outbox import NewEvent
from shared.programme.progress import slipped_milestones


def publish_slips(connection: Connection, now: datetime, topic_prefix: str) -> int:
    """Publish a `WaveSlipped` for each newly slipped milestone; return how many."""
    found: list[Milestone] = []
    for wave in load_waves(connection):
        plan = wave.current
        posts = posts_of_wave(connection, plan)
        departments = sorted(set(plan.departments) or {p.department for p in posts if p.department})
        for slip in slipped_milestones(plan, posts, now.date()):
            event = WaveSlipped(
                wave_id=wave.wave_id,
                wave_name=plan.name,
                plan_version=plan.version,
                milestone=slip.milestone,
                planned_on=slip.planned_on,
                posts_reached=slip.posts_reached,
                posts_in_wave=slip.posts_in_wave,
                departments=departments,
            )
            key = wave_slipped_key(wave.wave_id, slip.milestone, plan.version)
            found.append(Milestone(key, NewEvent(payload=event, aggregate_id=wave.wave_id)))
    return publish_once(connection, found, topic_prefix, now)
