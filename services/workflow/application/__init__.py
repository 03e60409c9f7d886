"""workflow application layer."""
