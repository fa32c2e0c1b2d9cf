"""the article an entity's short name takes in a sentence ("¿Qué lidera la OMS?")

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Filled by the next `enlace load` from entities.yaml; until then names read without an article.
    op.add_column("entities", sa.Column("article_es", sa.String(length=8), nullable=False, server_default=""))
    op.add_column("entities", sa.Column("article_en", sa.String(length=8), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.drop_column("article_en")
        batch.drop_column("article_es")
