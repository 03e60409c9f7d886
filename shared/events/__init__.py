"""Every integration event's schema, in one place: envelope, payloads per producer, catalogue."""
