"""the delivery outbox: failures that reach a person, claims that are tokens, unconfirmed attempts

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("reason", sa.String(length=60), nullable=True))
        batch.add_column(sa.Column("claim_token", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("unconfirmed_since", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("failures", sa.Integer(), nullable=False, server_default="0"))
    # "failed" used to mean "will be retried": now it is "retrying".
    op.execute("UPDATE deliveries SET status = 'retrying' WHERE status = 'failed'")
    # "abandoned" meant "given up" with nobody told, and there is no reason code that could word it. Such a
    # row gets the last of its 8 attempts (bot/outbox/run.py's MAX_ATTEMPTS), due now: the next tick expires
    # it when it is past its catch-up window, or sends it, or fails it with a notice like any other failure.
    op.execute(
        "UPDATE deliveries SET status = 'retrying', attempts = 7, next_attempt_at = NULL"
        " WHERE status = 'abandoned'"
    )


def downgrade() -> None:
    op.execute("UPDATE deliveries SET status = 'abandoned' WHERE status = 'failed'")
    op.execute("UPDATE deliveries SET status = 'failed' WHERE status = 'retrying'")
    with op.batch_alter_table("deliveries") as batch:
        for column in ("failures", "unconfirmed_since", "claimed_at", "claim_token", "reason"):
            batch.drop_column(column)
