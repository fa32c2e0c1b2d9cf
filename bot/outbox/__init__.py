"""The delivery outbox: every scheduled message, whatever its kind, from its row to Slack and back.

A delivery is a row written before anything is sent and keyed per occurrence. One clock at a time claims
it with a lease that counts from the claim and is renewed while the message is in flight; the outcome is
recorded only by the clock that holds the claim. Slack errors that retrying cannot fix fail at once;
passing ones are retried with backoff a bounded number of times; every failure reaches the secretariat
admins as a notice (itself a delivery) with a button to send it again.

Public surface: `Run` and `TickReport` (run.py); `Sender`, `Message`, `Verdict`, `Composer` (message.py);
`SendError` and which errors retrying can fix (failures.py); the words for failures and reasons
(words.py); failure notices and the Reenviar action (notices.py); the listing behind `enlace outbox`
(listing.py); leases kept alive in flight (lease.py).
"""
