"""finance domain layer."""
