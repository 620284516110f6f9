"""The operator removes one airing, or a program's airings on chosen days, without suspending
the program for good.

- ``airing_skips``: program, day, slot (NULL: every slot of that day); one row per removal,
  deleted again when the operator puts the airing back.

Revision ID: 0004_airing_skips
Revises: 0003_script_decisions
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_airing_skips"
down_revision = "0003_script_decisions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "airing_skips",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "program_id",
            sa.Integer(),
            sa.ForeignKey("programs.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("slot", sa.String(length=200), nullable=True),
        sa.UniqueConstraint("program_id", "day", "slot"),
    )


def downgrade() -> None:
    op.drop_table("airing_skips")
