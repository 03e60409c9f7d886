"""HR application layer."""
