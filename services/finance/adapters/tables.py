"""Finance's database tables."""

from __future__ import annotations

from sqlalchemy import MetaData

from shared.persistence.tables import messaging_tables

metadata = MetaData()
messaging = messaging_tables(metadata)
