"""Subject access: everything HR holds about one employee, opened, for HR staff.

From HR's tables (their details, the posts they hold, when HR saw them leave) and from the
log as HR wrote it (its outbox): every event with a field sealed under their key, with those
fields opened. Nothing here is published or logged.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from services.hr.adapters.personal_data import PersonalDataStore
from services.hr.adapters.personal_keys import KeyRing, MasterKey
from services.hr.adapters.tables import employees, leavers
from shared.events.personal import is_sealed


def subject_access(
    connection: Connection, master_key: MasterKey, employee_ref: str
) -> dict[str, Any] | None:
    """What HR holds about the employee, decrypted; None when it holds nothing."""
    keys = KeyRing(connection, master_key)
    store = PersonalDataStore(connection, keys)
    key_id = store.key_id_of(employee_ref)
    details = connection.execute(
        select(employees.c.name, employees.c.email).where(employees.c.employee_ref == employee_ref)
    ).first()
    held = store.posts_held(employee_ref)
    if key_id is None and details is None and not held:
        return None
    left_on = connection.scalar(
        select(leavers.c.left_on).where(leavers.c.employee_ref == employee_ref)
    )
    events = store.sealed_events(key_id) if key_id is not None else []
    return {
        "employee_ref": employee_ref,
        "details": {"name": details.name, "email": details.email} if details else None,
        "posts_held": held,
        "left_on": left_on.isoformat() if left_on else None,
        "key_id": key_id,
        "on_the_log": [_opened(event, keys) for event in events],
    }


def _opened(event: dict[str, Any], keys: KeyRing) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, value in event["payload"].items():
        if is_sealed(value):
            fields[name] = keys.open(value)
        elif isinstance(value, dict) and any(is_sealed(item) for item in value.values()):
            fields[name] = {k: keys.open(v) if is_sealed(v) else v for k, v in value.items()}
    return {
        "event_id": event["event_id"],
        "event_type": event["event_type"],
        "aggregate_type": event["aggregate_type"],
        "aggregate_id": event["aggregate_id"],
        "occurred_at": event["occurred_at"],
        "fields": fields,
    }
