"""workflow entrypoints layer."""
