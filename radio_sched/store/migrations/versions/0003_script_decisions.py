"""Script versions keep the composer's decision on every source sentence.

- ``script_versions.decisions``: JSON list, one entry per source sentence (id, block, source,
  category, kept, aired, reason, forced), written when the script is composed or recomposed;
  NULL for an operator's edit (the decisions of the composition it edits still hold) and for
  versions saved by release 0.1.0.

Revision ID: 0003_script_decisions
Revises: 0002_asrun_resume
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_script_decisions"
down_revision = "0002_asrun_resume"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("script_versions") as batch:
        batch.add_column(sa.Column("decisions", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("script_versions") as batch:
        batch.drop_column("decisions")
