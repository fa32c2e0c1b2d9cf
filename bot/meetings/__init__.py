"""The Network's meetings: the calendar by rule and from Slack, reminders, agendas, minutes, .ics."""
