"""deliveries.message_ts: the Slack timestamp of the message a delivery posted, so a later delivery can
reply in its thread or pin it (weekly digests); an index to find a channel's latest digest

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 17:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("message_ts", sa.String(32), nullable=True))
    op.create_index("ix_deliveries_kind_recipient_due", "deliveries", ["kind", "recipient", "due_at"])


def downgrade() -> None:
    op.drop_index("ix_deliveries_kind_recipient_due", table_name="deliveries")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("message_ts")
