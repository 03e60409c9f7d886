"""workflow adapters layer."""
