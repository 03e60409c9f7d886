"""workflow domain layer."""
