"""HR entrypoints layer."""
