"""The replay: each message read once, checked, validated and folded."""
