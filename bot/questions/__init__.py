"""Answering questions: understanding one (understand.py), choosing and building the answer (engine.py,
answers/), and questions about status reports (status.py). Public surface: `Engine` in engine.py.
"""
