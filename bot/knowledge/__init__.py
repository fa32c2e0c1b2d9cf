"""What the Network's documents say: config files read and checked (config.py, network.py), loaded into the
database (loader.py), and read back as an immutable snapshot (snapshot.py) with the words the question
engine recognises (lexicon.py) and the deadline queries over it (deadlines.py).

Knows nothing of status reports, meetings or Slack; those capabilities build on it.
"""
