"""The Network's meetings.

- The calendar: config/meetings.yaml read and checked (config.py), stored by `enlace load` (loader.py) and
  read back with defaults (settings.py); each series' occurrences with holiday moves (series.py), written as
  rows up to the horizon on load and on every tick (materialise.py); read for any range, rows plus the rule
  where no row exists yet (calendar.py), and as `enlace meetings` lines (listing.py).
- Ad hoc meetings from Slack: the date people type (when.py), the modal (modal.py), scheduling, moving and
  cancelling (adhoc.py), `/red reuniones` (upcoming.py).
- Reminders and cancellation notices through the outbox (reminders.py, reminder_message.py).
- Agendas (agenda.py, agenda_command.py) and minutes (minutes.py, minutes_outbox.py).
- The .ics feed and each meeting's signed link (ics.py).

service.py is what the Slack edge and the console call. Imports reporting, knowledge, outbox, render and time;
never questions or chat.
"""
