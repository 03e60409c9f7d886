"""The finance service's schema revisions (Alembic): `onecouncil db upgrade finance` applies them.

A new revision: `onecouncil db revision finance -m "what changed"` (docs/operations.md).
"""

from pathlib import Path

SCRIPTS = Path(__file__).parent
