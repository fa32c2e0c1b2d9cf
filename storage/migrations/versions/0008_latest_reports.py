"""latest_reports: each reporter's latest update per activity, so status views do not scan the history

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "latest_reports",
        sa.Column("group_key", sa.String(length=60), primary_key=True),
        sa.Column("activity_id", sa.Integer(), primary_key=True),
        sa.Column("author", sa.String(length=32), primary_key=True),
        sa.Column("update_id", sa.Integer(), sa.ForeignKey("status_updates.id"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_latest_reports_updated_at", "latest_reports", ["updated_at"])
    # The reports already kept: each reporter's latest, as the window query used to find it.
    op.execute(
        """
        INSERT INTO latest_reports (group_key, activity_id, author, update_id, updated_at)
        SELECT group_key, activity_id, author, id, updated_at FROM (
            SELECT id, group_key, activity_id, author, updated_at,
                   row_number() OVER (PARTITION BY group_key, activity_id, author
                                      ORDER BY updated_at DESC, id DESC) AS rank
            FROM status_updates
        ) ranked WHERE rank = 1
        """
    )


def downgrade() -> None:
    op.drop_table("latest_reports")
