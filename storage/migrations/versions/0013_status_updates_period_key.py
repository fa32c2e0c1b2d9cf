"""an index on status_updates.period_key: a one-period export reads that period, not the history

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 20:05:00
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_status_updates_period_key", "status_updates", ["period_key"])


def downgrade() -> None:
    op.drop_index("ix_status_updates_period_key", table_name="status_updates")
