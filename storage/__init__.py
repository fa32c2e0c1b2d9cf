"""Persistence: typed models, the engine and session factory, migrations and query functions.

Nothing here knows about Slack or about how questions are understood.
"""
