"""The web console: server-rendered pages for HR staff, department leads and the board.

It owns no data and never touches Kafka: every figure comes from the HR, Finance and
Workflow HTTP APIs, called with the signed-in user's own token.
"""
