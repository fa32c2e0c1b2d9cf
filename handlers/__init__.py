"""The Slack edge: Bolt listeners, one module per feature, each with a register(app, services) that only
wires. Listeners ack first, call bot/, render, reply. No business logic and no SQL here."""
