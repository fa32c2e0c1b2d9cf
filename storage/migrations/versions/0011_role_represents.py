"""roles.represents: the entity a representative role speaks for ("Comité de Acción de la Sociedad Civil,
representado por Migrant Forum in Asia")

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 17:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Filled by the next `enlace load` from the work plan's `represented_by`.
    op.add_column("roles", sa.Column("represents", sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("roles") as batch:
        batch.drop_column("represents")
