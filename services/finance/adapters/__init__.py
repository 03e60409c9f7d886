"""finance adapters layer."""
