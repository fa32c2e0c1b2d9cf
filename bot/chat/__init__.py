"""Talking with people, whatever the surface: one conversation for `/red`, DMs, mentions and the console
(conversation.py, subcommands.py), the answer's language (language.py), who is asking (people.py), the App
Home (home.py), the terminal console (console.py), and the one service object the Slack edge calls
(service.py).
"""
