"""Operations: what an operator needs to look after a running service (dead letters)."""
