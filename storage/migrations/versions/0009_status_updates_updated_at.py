"""an index on status_updates.updated_at: a digest reads one week's changes, not the history

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 16:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_status_updates_updated_at", "status_updates", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_status_updates_updated_at", table_name="status_updates")
