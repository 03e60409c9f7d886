"""The AsyncAPI catalogue of every topic and event, generated from the services' code."""
