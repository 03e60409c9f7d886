"""finance entrypoints layer."""
