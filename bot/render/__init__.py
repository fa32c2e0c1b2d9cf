"""Rendering: the neutral answer (answer.py), the message catalog in Spanish and English (i18n.py), and the
two renderers of an answer: Block Kit within Slack's limits (blocks.py) and plain text (plain.py).

Imports nothing else from bot/ but text and config_schema: every capability renders through it.
"""
