"""Finance: budget checks, reservations and moves that follow each transfer; savings."""
