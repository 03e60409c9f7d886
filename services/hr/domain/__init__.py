"""HR domain layer."""
