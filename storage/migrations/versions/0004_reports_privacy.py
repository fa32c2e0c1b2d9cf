"""reports a group can trust: absences from a first day, what a group's channel summary may show

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # "del 1 al 15 de julio": prompts pause from the first day, not from the day it was typed.
    op.add_column("absences", sa.Column("starts", sa.Date(), nullable=True))
    # A summary in a channel is a publication the secretariat chose: statuses only, or details too.
    op.add_column(
        "working_groups",
        sa.Column("summary_shows", sa.String(length=20), nullable=False, server_default="statuses"),
    )


def downgrade() -> None:
    with op.batch_alter_table("working_groups") as batch:
        batch.drop_column("summary_shows")
    with op.batch_alter_table("absences") as batch:
        batch.drop_column("starts")
