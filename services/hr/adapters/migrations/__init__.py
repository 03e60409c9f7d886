"""The hr service's schema revisions (Alembic): `onecouncil db upgrade hr` applies them.

A new revision: `onecouncil db revision hr -m "what changed"` (docs/operations.md).
"""

from pathlib import Path

SCRIPTS = Path(__file__).parent
