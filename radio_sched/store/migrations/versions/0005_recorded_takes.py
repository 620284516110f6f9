"""The operator's own voice: recorded takes per spoken sentence, and what each airing spoke with.

- ``takes``: one row per spoken sentence (``key`` as the sentence cache addresses it), its
  trimmed and levelled audio (WAV), loudness, where it came from and who recorded it.
- ``asrun.sources``: "synthetic", "recorded" or "mixed" for a script's program (NULL for audio
  imported as is, and for rows written before this revision).

Revision ID: 0005_recorded_takes
Revises: 0004_airing_skips
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_recorded_takes"
down_revision = "0004_airing_skips"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "takes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(length=64), nullable=False, unique=True),
        sa.Column("spoken", sa.Text(), nullable=False),
        sa.Column("audio", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("duration_seconds", sa.Float(), nullable=False),
        sa.Column("lufs", sa.Float(), nullable=True),
        sa.Column("target_lufs", sa.Float(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("asrun") as batch:
        batch.add_column(sa.Column("sources", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("asrun") as batch:
        batch.drop_column("sources")
    op.drop_table("takes")
