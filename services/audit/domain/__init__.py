"""Pure audit rules: the hash chain, the establishment as at a date, the control checks."""
