"""HR adapters layer."""
