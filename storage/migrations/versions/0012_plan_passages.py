"""plan_passages: a work plan's text outside its priorities (introduction, overview, working groups it
names only in passing)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 17:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Filled by the next `enlace load` from the work plan's `passages`.
    op.create_table(
        "plan_passages",
        sa.Column("plan_key", sa.String(length=80), primary_key=True),
        sa.Column("key", sa.String(length=80), primary_key=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name_es", sa.Text(), nullable=True),
        sa.Column("name_en", sa.Text(), nullable=True),
        sa.Column("text_es", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("related", sa.String(length=80), nullable=True),
        sa.Column("topics", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("plan_passages")
