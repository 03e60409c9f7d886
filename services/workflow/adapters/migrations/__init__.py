"""The workflow service's schema revisions (Alembic): `onecouncil db upgrade workflow` applies them.

A new revision: `onecouncil db revision workflow -m "what changed"` (docs/operations.md).
"""

from pathlib import Path

SCRIPTS = Path(__file__).parent
