"""Time: the one injectable clock and the Network's zone (clock.py), calendar arithmetic (dates.py), the
plan's timeline grammar (timeline.py), periods and dates in what people type (periods.py, typed_dates.py).
"""
