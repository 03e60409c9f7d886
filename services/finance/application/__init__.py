"""finance application layer."""
